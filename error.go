package telltale

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
)

// Error codes. Each one maps to one HTTP status and one exit code.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
	EUNAVAILABLE  = "unavailable"
	ETOOLARGE     = "too_large"
)

// Error is an application error that is safe to show to the user. Errors of
// any other type are treated as internal and their text is not shown.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("telltale: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EUNAVAILABLE
// for a disk full (see DiskFull), EINTERNAL for any other non-nil error and
// "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	} else if DiskFull(err) {
		return EUNAVAILABLE
	}
	return EINTERNAL
}

// DiskFullMessage is what callers are told when the server's storage is
// full: nothing of their write was kept, and retrying later may work.
const DiskFullMessage = "the server's storage is full: nothing was written; retry once space has been freed"

// DiskFull reports whether err says the storage is full: ENOSPC from the
// operating system, SQLite's SQLITE_FULL (primary code 13, whatever the
// extended code), or PostgreSQL's disk_full (SQLSTATE 53100). The database
// errors are recognised by their methods (modernc.org/sqlite's Code,
// pgconn's SQLState), so this package imports neither driver.
func DiskFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) && pg.SQLState() == "53100" {
		return true
	}
	var lite interface {
		Code() int
		Error() string
	}
	return errors.As(err, &lite) && lite.Code()&0xff == 13 && strings.Contains(lite.Error(), "full")
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for internal errors, whose details belong in the log.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	} else if DiskFull(err) {
		return DiskFullMessage
	}
	return "internal error"
}
