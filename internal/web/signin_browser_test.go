package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSignIn: in Chromium, a page that needs an account sends the
// browser to the sign-in form; a wrong password shows the form again with
// a message; the right one returns to the page with the user and role in
// the header; signing out ends the session, and the page asks for the
// form again. The server runs with the session cookie's Secure flag, as
// `telltale serve` does by default: Chromium keeps it on a loopback
// address.
func TestBrowserSignIn(t *testing.T) {
	ctx := browser(t)
	a, _ := newSignedApp(t, false)
	base := a.ts.URL
	signIn := func(password string) {
		act(t, ctx,
			chromedp.WaitVisible(chromedp.CSS("#signin-form")),
			chromedp.Evaluate[chromedp.Void](`document.getElementById("signin-name").value = ""`),
			chromedp.SendKeys(chromedp.CSS("#signin-name"), "ana"),
			chromedp.SendKeys(chromedp.CSS("#signin-password"), password),
			chromedp.Submit(chromedp.CSS("#signin-form")),
		)
	}
	act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	if loc := value(t, ctx, chromedp.Location()); loc != base+"/signin?next=%2Fsectors%2Fcommunication" {
		t.Errorf("sent to %s", loc)
	}
	checkAxe(t, ctx, "sign-in form")
	screenshot(t, ctx, "signin-form")

	signIn("not her password")
	act(t, ctx, chromedp.WaitVisible(chromedp.CSS("#signin-error")))
	if msg := text(t, ctx, "#signin-error"); !strings.Contains(msg, "wrong user name or password") {
		t.Errorf("failure message %q", msg)
	}

	signIn("ana-password")
	act(t, ctx, chromedp.WaitVisible(chromedp.CSS("#attackers-table")))
	if loc := value(t, ctx, chromedp.Location()); loc != base+"/sectors/communication" {
		t.Errorf("after sign-in at %s", loc)
	}
	if who := text(t, ctx, "#signed-in-user"); who != "ana analyst" {
		t.Errorf("header shows %q, want the user and role", who)
	}
	screenshot(t, ctx, "signed-in-header")

	act(t, ctx, chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	if body := text(t, ctx, "main"); !strings.Contains(body, "You are signed out.") {
		t.Errorf("after sign-out: %.200s", body)
	}
	act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#signed-in-user").length`)); n != 0 {
		t.Error("still signed in after signing out")
	}
}
