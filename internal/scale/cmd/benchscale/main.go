// Command benchscale runs the scale benchmark of issue #17 against a built
// telltale binary: a fresh database (SQLite, or a PostgreSQL database it
// creates and drops), ATT&CK Enterprise, then the synthetic bundle of N
// objects (package scale), imported while the import's read position in the
// file and its memory are sampled; then the database size, `serve` with the
// first-request and p50/p99 latencies of the sector, actor, search and TAXII
// endpoints, a whole crawl of the TAXII collections of everything and of
// the Communication sector, and the whole-process time and memory of
// `actor APT28 --json`, `stats --json` and `export` of everything. It
// prints a plain table.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/telltale-cti/telltale/internal/scale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/taxii"
)

type config struct {
	bin, attack, postgres, work string
	n                           int
	seed                        uint64
	interval, duration          time.Duration
	conns, cliRuns              int
	reuse, keep                 bool
}

func main() {
	shared := os.Getenv("TELLTALE_SHARED")
	if shared == "" {
		shared = "../shared"
	}
	var c config
	flag.StringVar(&c.bin, "bin", "", "the telltale binary to measure (required)")
	flag.IntVar(&c.n, "n", 100_000, "objects in the generated bundle")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the generated bundle")
	flag.StringVar(&c.attack, "attack", filepath.Join(shared, "data/attack/enterprise-attack-18.1.json"), "ATT&CK Enterprise bundle")
	flag.StringVar(&c.postgres, "postgres", "", "PostgreSQL server URL (postgres://user@host:port/db): measure on a database created there, and dropped at the end, instead of SQLite")
	flag.StringVar(&c.work, "work", "", "folder for the database and the bundle (default: a temporary folder, removed at the end)")
	flag.DurationVar(&c.interval, "interval", 500*time.Millisecond, "how often the import is sampled")
	flag.DurationVar(&c.duration, "duration", 5*time.Second, "load time per endpoint")
	flag.IntVar(&c.conns, "conns", 4, "concurrent connections per endpoint")
	flag.IntVar(&c.cliRuns, "cli-runs", 3, "runs of each CLI command (median)")
	flag.BoolVar(&c.reuse, "reuse", false, "measure serve and the commands on the database an earlier run with the same -n and -seed left, without generating or importing anything: with -work, the SQLite database there; with -postgres, the database the URL names (kept by -keep), neither created nor dropped")
	flag.BoolVar(&c.keep, "keep", false, "with -postgres: keep the database created there (its URL is printed) for -reuse")
	flag.Parse()
	if c.bin == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), c); err != nil {
		fmt.Fprintln(os.Stderr, "benchscale:", err)
		os.Exit(1)
	}
}

// row is one line of the result table.
type row struct{ what, value string }

type bench struct {
	config
	dsn  string
	rows []row
}

func (b *bench) add(what, format string, args ...any) {
	b.rows = append(b.rows, row{what, fmt.Sprintf(format, args...)})
	fmt.Fprintf(os.Stderr, "  %s: %s\n", what, fmt.Sprintf(format, args...))
}

func run(ctx context.Context, c config) error {
	b := &bench{config: c}
	if c.reuse && c.work == "" && c.postgres == "" {
		return fmt.Errorf("-reuse needs -work (SQLite) or -postgres")
	}
	if b.work == "" {
		dir, err := os.MkdirTemp("", "benchscale")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		b.work = dir
	}
	engine := "SQLite"
	b.dsn = filepath.Join(b.work, "telltale.db")
	if b.postgres != "" {
		engine = "PostgreSQL"
		b.dsn = b.postgres
		if !b.reuse {
			dsn, drop, err := createDatabase(ctx, b.postgres)
			if err != nil {
				return err
			}
			if b.keep {
				defer fmt.Fprintln(os.Stderr, "benchscale: database kept:", dsn)
			} else {
				defer drop()
			}
			b.dsn = dsn
		}
	}
	b.add("engine, objects generated", "%s, %d (seed %d)", engine, b.n, b.seed)
	b.add("load average at the start", "%s", loadavg())
	bundle, err := b.bundle(ctx)
	if err != nil {
		return err
	}
	if err := b.serve(ctx, bundle); err != nil {
		return err
	}
	if err := b.commands(); err != nil {
		return err
	}
	b.add("load average at the end", "%s", loadavg())
	b.print()
	return nil
}

// bundle imports the data (imports), or with -reuse finds the database
// and bundle an earlier run left; it returns the bundle's path.
func (b *bench) bundle(ctx context.Context) (string, error) {
	if !b.reuse {
		return b.imports(ctx)
	}
	if b.postgres == "" {
		if _, err := os.Stat(b.dsn); err != nil {
			return "", fmt.Errorf("-reuse: %w", err)
		}
	}
	size, err := b.dbSize(ctx)
	if err != nil {
		return "", err
	}
	b.add("database reused (no import)", "%s, %s", b.dsn, mb(size))
	return filepath.Join(b.work, fmt.Sprintf("scale-%d.json", b.n)), nil
}

// imports imports ATT&CK Enterprise then the generated bundle, and
// returns the bundle's path.
func (b *bench) imports(ctx context.Context) (string, error) {
	attackSize := fileSize(b.attack)
	p, err := b.measure("import", "--quiet", "--db", b.dsn, b.attack)
	if err != nil {
		return "", err
	}
	b.add("import ATT&CK Enterprise (empty database)", "%.2f s (%s), %d MB peak RSS", p.wall.Seconds(), p.cpu, p.maxRSS>>20)
	dbAttack, err := b.dbSize(ctx)
	if err != nil {
		return "", err
	}

	bundle := filepath.Join(b.work, fmt.Sprintf("scale-%d.json", b.n))
	marks, err := b.generate(bundle)
	if err != nil {
		return "", err
	}
	if err := b.importBundle(bundle, marks); err != nil {
		return "", err
	}
	dbAll, err := b.dbSize(ctx)
	if err != nil {
		return "", err
	}
	jsonSize := fileSize(bundle)
	b.add("database size: after ATT&CK / after the bundle", "%s / %s", mb(dbAttack), mb(dbAll))
	b.add("database vs JSON", "%.2f× (whole database / ATT&CK + bundle JSON, %s); %.2f× (growth / bundle JSON, %s)",
		float64(dbAll)/float64(attackSize+jsonSize), mb(attackSize+jsonSize), float64(dbAll-dbAttack)/float64(jsonSize), mb(jsonSize))
	return bundle, nil
}

// commands times CLI questions on the database, each run cliRuns times.
func (b *bench) commands() error {
	report, err := b.suggestReport()
	if err != nil {
		return err
	}
	for _, args := range [][]string{{"actor", "APT28", "--json"}, {"stats", "--json"}, {"actor", "suggest", "--json", report}} {
		var walls []time.Duration
		var cpus []string
		var rss int64
		for range b.cliRuns {
			p, err := b.measure(append(args, "--db", b.dsn)...)
			if err != nil {
				return err
			}
			walls = append(walls, p.wall)
			cpus = append(cpus, strings.TrimSuffix(p.cpu, " CPU"))
			rss = max(rss, p.maxRSS)
		}
		slices.Sort(walls)
		b.add("telltale "+strings.Join(args, " "), "%s median of %d (CPU per run: %s), %d MB peak RSS", ms(walls[len(walls)/2]), len(walls), strings.Join(cpus, ", "), rss>>20)
	}
	// The whole store as one bundle (streamed: its memory should not
	// grow with the store).
	p, err := b.measure("export", "--quiet", "--db", b.dsn)
	if err != nil {
		return err
	}
	b.add("telltale export (everything)", "%s, %s, %d MB peak RSS, %s written", ms(p.wall), p.cpu, p.maxRSS>>20, mb(p.out))
	return nil
}

// suggestReport writes a short report giving the first generated address,
// domain, URL and hash, and returns its path: "which known actor is it?"
// then looks each up among the stored indicators.
func (b *bench) suggestReport() (string, error) {
	opts, err := scale.AttackOptions(b.attack, b.n, b.seed)
	if err != nil {
		return "", err
	}
	var values []string
	for _, kind := range []string{"ipv4", "domain", "url", "sha256"} {
		if v := scale.FirstIndicatorName(opts, kind); v != "" {
			values = append(values, v)
		}
	}
	text := "The intruders reached a telecommunications operator's servers. They used " + strings.Join(values, ", ") + ".\n"
	path := filepath.Join(b.work, "suggest-report.txt")
	return path, os.WriteFile(path, []byte(text), 0o644)
}

// print prints the measures as a table.
func (b *bench) print() {
	w := 0
	for _, r := range b.rows {
		w = max(w, len([]rune(r.what)))
	}
	fmt.Printf("%-*s  %s\n", w, "measure", "value")
	for _, r := range b.rows {
		fmt.Printf("%-*s  %s\n", w, r.what, r.value)
	}
}

// createDatabase creates a database of its own on the server and returns
// its URL and how to drop it.
func createDatabase(ctx context.Context, server string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("telltale_scale_%d", os.Getpid())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		conn.Close(ctx)
		return "", nil, err
	}
	u, err := url.Parse(server)
	if err != nil {
		conn.Close(ctx)
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		if _, err := conn.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintln(os.Stderr, "benchscale: drop database:", err)
		}
		conn.Close(ctx)
	}
	return u.String(), drop, nil
}

// dbSize is the size of the database: the SQLite files, or what
// PostgreSQL reports.
func (b *bench) dbSize(ctx context.Context) (int64, error) {
	if b.postgres == "" {
		return fileSize(b.dsn) + fileSize(b.dsn+"-wal"), nil
	}
	conn, err := pgx.Connect(ctx, b.dsn)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var n int64
	err = conn.QueryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&n)
	return n, err
}

// mark says how many bytes of the bundle hold its first objects.
type mark struct{ objects, bytes int64 }

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// generate writes the bundle and returns where each ProgressEvery objects
// end in it (to within the bundle writer's buffer).
func (b *bench) generate(path string) ([]mark, error) {
	opts, err := scale.AttackOptions(b.attack, b.n, b.seed)
	if err != nil {
		return nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cw := &countingWriter{w: f}
	marks := []mark{{0, 0}}
	opts.Progress = func(n int) { marks = append(marks, mark{int64(n), cw.n}) }
	start := time.Now()
	counts, err := scale.Write(cw, opts)
	if err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	marks[len(marks)-1].bytes = cw.n
	ind := 0
	for _, n := range counts.Indicators {
		ind += n
	}
	b.add("generated bundle", "%s in %.1f s: %d indicators, %d observables, %d indicates, %d targets, %d sightings, %d later versions",
		mb(cw.n), time.Since(start).Seconds(), ind, counts.Observables, counts.Indicates, counts.Targets, counts.Sightings, counts.LaterVersions)
	return marks, nil
}

// objectsAt is how many objects the first pos bytes of the bundle hold,
// interpolated between marks.
func objectsAt(marks []mark, pos int64) float64 {
	i, _ := slices.BinarySearchFunc(marks, pos, func(m mark, p int64) int { return int(m.bytes - p) })
	switch {
	case i == 0:
		return 0
	case i >= len(marks):
		return float64(marks[len(marks)-1].objects)
	}
	a, z := marks[i-1], marks[i]
	if z.bytes == a.bytes {
		return float64(z.objects)
	}
	return float64(a.objects) + float64(z.objects-a.objects)*float64(pos-a.bytes)/float64(z.bytes-a.bytes)
}

type sample struct {
	at      time.Duration
	objects float64
}

// importBundle imports the bundle while sampling how far the importer has
// read it (its file position in /proc) and its memory, and reports the
// rate in each tenth of the objects.
func (b *bench) importBundle(path string, marks []mark) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	// The bundle holds n objects, over import's default limit of one
	// bundle from 1,000,000 on: the operator's flag raises it.
	cmd := exec.Command(b.bin, "import", "--max-objects", strconv.Itoa(max(b.n, stix.DefaultMaxObjects)), "--db", b.dsn, abs)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	samples := []sample{{0, 0}}
	var readAll time.Duration
	tick := time.NewTicker(b.interval)
	defer tick.Stop()
	var werr error
wait:
	for {
		select {
		case werr = <-done:
			break wait
		case <-tick.C:
			if readAll != 0 {
				continue
			}
			at := time.Since(start)
			pos, open := filePos(cmd.Process.Pid, abs)
			n := objectsAt(marks, pos)
			if !open && len(samples) > 1 {
				// The importer closed the file: everything was read.
				n = float64(b.n)
			}
			samples = append(samples, sample{at, n})
			if n >= float64(b.n) {
				// Everything was read; what follows is the commit.
				readAll = at
			}
		}
	}
	wall := time.Since(start)
	if werr != nil {
		return fmt.Errorf("import: %v\n%s", werr, out.String())
	}
	if readAll == 0 {
		readAll = wall
		samples = append(samples, sample{wall, float64(b.n)})
	}
	maxRSS := rusageRSS(cmd.ProcessState)
	used := cpu(cmd.ProcessState)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		b.add("import output", "%s", line)
	}
	b.add("import of the bundle, whole process", "%.1f s (%.0f objects/s; %s), %d MB peak RSS", wall.Seconds(), float64(b.n)/wall.Seconds(), used, maxRSS>>20)
	b.add("  reading and writing the objects", "%.1f s (%.0f objects/s); the rest (open, commit, recomputation) %.1f s",
		readAll.Seconds(), float64(b.n)/readAll.Seconds(), (wall - readAll).Seconds())
	var first, last float64
	for i := 1; i <= 10; i++ {
		lo, hi := float64(b.n)*float64(i-1)/10, float64(b.n)*float64(i)/10
		t0, t1 := crossing(samples, lo), crossing(samples, hi)
		rate := (hi - lo) / (t1 - t0).Seconds()
		if i == 1 {
			first = rate
		}
		last = rate
		b.add(fmt.Sprintf("  objects %d–%d%%", (i-1)*10, i*10), "%.0f objects/s (by %.1f s)", rate, t1.Seconds())
	}
	b.add("  rate of the last tenth vs the first", "%.2f×", last/first)
	return nil
}

// crossing is when the samples reached n objects, interpolated.
func crossing(s []sample, n float64) time.Duration {
	for i := 1; i < len(s); i++ {
		if s[i].objects >= n {
			a, z := s[i-1], s[i]
			if z.objects == a.objects {
				return z.at
			}
			return a.at + time.Duration(float64(z.at-a.at)*(n-a.objects)/(z.objects-a.objects))
		}
	}
	return s[len(s)-1].at
}

// filePos is the read position of process pid in the file path, and
// whether the process has it open.
func filePos(pid int, path string) (int64, bool) {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, false
	}
	for _, e := range entries {
		if target, err := os.Readlink(filepath.Join(dir, e.Name())); err != nil || target != path {
			continue
		}
		info, err := os.ReadFile(fmt.Sprintf("/proc/%d/fdinfo/%s", pid, e.Name()))
		if err != nil {
			return 0, false
		}
		for _, line := range strings.Split(string(info), "\n") {
			if v, ok := strings.CutPrefix(line, "pos:"); ok {
				n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				return n, true
			}
		}
	}
	return 0, false
}

type proc struct {
	wall   time.Duration
	cpu    string
	maxRSS int64 // bytes
	out    int64 // bytes written on standard output
}

// measure runs the binary to completion.
func (b *bench) measure(args ...string) (proc, error) {
	cmd := exec.Command(b.bin, args...)
	var stderr bytes.Buffer
	stdout := &countingWriter{w: io.Discard}
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return proc{}, fmt.Errorf("telltale %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return proc{time.Since(start), cpu(cmd.ProcessState), rusageRSS(cmd.ProcessState), stdout.n}, nil
}

// cpu is the processor time (user and system) a process used: what an idle
// machine would see as wall time on one core, reported next to the wall
// time because this machine is shared.
func cpu(ps *os.ProcessState) string {
	return fmt.Sprintf("%.2f s CPU", (ps.UserTime() + ps.SystemTime()).Seconds())
}

func rusageRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10 // kilobytes on Linux
	}
	return 0
}

// serve starts `telltale serve` and measures each endpoint: its first
// request, then conns connections for duration.
func (b *bench) serve(ctx context.Context, bundle string) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	l.Close()
	var log bytes.Buffer
	cmd := exec.Command(b.bin, "serve", "--quiet", "--db", b.dsn, "--addr", addr)
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-exited
	}()
	base := "http://" + addr
	client := &http.Client{Timeout: 10 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: b.conns}}
	if err := waitListening(client, base, exited, &log, start); err != nil {
		return err
	}
	b.add("serve: start to listening", "%s", ms(time.Since(start)))

	opts, err := scale.AttackOptions(b.attack, b.n, b.seed)
	if err != nil {
		return err
	}
	domain := scale.FirstIndicatorName(opts, "domain")
	endpoints := []struct{ name, path string }{
		{"Communication sector page", "/sectors/communication"},
		{"Communication sector API", "/api/v1/sectors/communication"},
		{"APT28 actor page", "/actors/APT28"},
		{"APT28 actor API", "/api/v1/actors/APT28"},
		{"APT28 indicators API, page 20", "/api/v1/actors/APT28/indicators?page=20"},
		{"object page of the most indicated intrusion set", "/objects/" + url.PathEscape(opts.IntrusionSets[0])},
		{"its object API, page 20 of the relationships to it", "/api/v1/objects/" + url.PathEscape(opts.IntrusionSets[0]) + "?in_page=20"},
		{"search API, q=APT28", "/api/v1/search?q=APT28"},
		{"search API, q=one generated domain", "/api/v1/search?q=" + url.QueryEscape(domain)},
		{"TAXII objects page, all", taxii.Prefix + taxii.RootName + "/collections/" + taxii.AllID + "/objects/"},
		{"TAXII objects page, Communication", taxii.Prefix + taxii.RootName + "/collections/" + taxii.SectorCollectionID("communication") + "/objects/"},
	}
	for _, e := range endpoints {
		if err := b.endpoint(client, e.name, base, e.path); err != nil {
			return fmt.Errorf("%s: %w", e.path, err)
		}
	}
	for _, c := range []struct{ name, id string }{
		{"TAXII crawl, all", taxii.AllID},
		{"TAXII crawl, Communication", taxii.SectorCollectionID("communication")},
	} {
		if err := b.crawl(client, c.name, base+taxii.Prefix+taxii.RootName+"/collections/"+c.id+"/objects/"); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	rss, hwm := procStatus(cmd.Process.Pid, "VmRSS"), procStatus(cmd.Process.Pid, "VmHWM")
	b.add("serve memory after the load", "%d MB RSS, %d MB peak", rss>>20, hwm>>20)
	return nil
}

// crawl reads a whole TAXII collection as a client that keeps nothing
// does: page after page of the largest size the server gives
// (taxii.MaxLimit), each envelope decoded, following next while more.
func (b *bench) crawl(client *http.Client, name, u string) error {
	start := time.Now()
	objects, pages, bytes := 0, 0, int64(0)
	var slowest time.Duration
	next := ""
	for {
		q := url.Values{"limit": {strconv.Itoa(taxii.MaxLimit)}}
		if next != "" {
			q.Set("next", next)
		}
		req, err := http.NewRequest(http.MethodGet, u+"?"+q.Encode(), nil)
		if err != nil {
			return err
		}
		req.Header.Set("Accept", taxii.MediaTAXII)
		t := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		var env struct {
			More    bool              `json:"more"`
			Next    string            `json:"next"`
			Objects []json.RawMessage `json:"objects"`
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("%w %d", errStatus, resp.StatusCode)
		}
		if err == nil {
			err = json.Unmarshal(body, &env)
		}
		if err != nil {
			return fmt.Errorf("page %d: %w", pages+1, err)
		}
		slowest = max(slowest, time.Since(t))
		pages++
		objects += len(env.Objects)
		bytes += int64(len(body))
		if !env.More {
			break
		}
		if env.Next == "" || env.Next == next {
			return fmt.Errorf("page %d says more but gives no new next", pages)
		}
		next = env.Next
	}
	took := time.Since(start)
	b.add(name, "%d objects in %d pages of up to %d, %s (%.0f objects/s), slowest page %s, %s", objects, pages, taxii.MaxLimit, ms(took), float64(objects)/took.Seconds(), ms(slowest), mb(bytes))
	return nil
}

// waitListening waits until the server started at start answers, fails,
// or has not answered for five minutes.
func waitListening(client *http.Client, base string, exited chan error, log *bytes.Buffer, start time.Time) error {
	for {
		if resp, err := client.Get(base + "/favicon.ico"); err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case err := <-exited:
			exited <- err
			return fmt.Errorf("serve ended (%v): %s", err, log.String())
		default:
		}
		if time.Since(start) > 5*time.Minute {
			return fmt.Errorf("serve did not start: %s", log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// endpoint measures one path of the server at base: its first answer, then its latencies under
// load.
func (b *bench) endpoint(client *http.Client, name, base, path string) error {
	fmt.Fprintf(os.Stderr, "  GET %s\n", path)
	u := base + path
	first, err := get(client, u)
	if err != nil {
		return err
	}
	if first > b.duration {
		// The first request outlasts the load time. Two more in a
		// row tell a cold start (the next ones are fast: load as
		// usual) from an endpoint that is always slow, where
		// connections*duration could take an hour.
		var then []time.Duration
		for range 2 {
			d, err := get(client, u)
			if err != nil {
				return err
			}
			then = append(then, d)
		}
		if slices.Max(then) > b.duration {
			b.add(name, "first %s; then %s, %s (in a row; a later one outlasts the %s load too: no load run)", ms(first), ms(then[0]), ms(then[1]), b.duration)
			return nil
		}
	}
	lat, errs := b.load(client, u)
	b.add(name, "first %s; p50 %s, p99 %s (%d requests, %d connections%s)",
		ms(first), ms(pct(lat, 50)), ms(pct(lat, 99)), len(lat), b.conns, errText(errs))
	return nil
}

func errText(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d errors", n)
}

var errStatus = errors.New("status")

// get fetches url and says how long it took; anything but 200 is an error.
func get(client *http.Client, u string) (time.Duration, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	if strings.Contains(u, taxii.Prefix) {
		req.Header.Set("Accept", taxii.MediaTAXII)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%w %d", errStatus, resp.StatusCode)
	}
	return took, err
}

// load requests u from conns connections until duration has passed and
// returns the latencies, sorted, and the number of failed requests.
func (b *bench) load(client *http.Client, u string) ([]time.Duration, int) {
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	deadline := time.Now().Add(b.duration)
	var wg sync.WaitGroup
	for range b.conns {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				d, err := get(client, u)
				mu.Lock()
				if err != nil {
					errs++
				} else {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(lat)
	return lat, errs
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, (len(sorted)*p+99)/100-1)]
}

// procStatus reads a size field (kB) of /proc/PID/status, in bytes.
func procStatus(pid int, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n << 10
		}
	}
	return 0
}

// loadavg is the machine's 1, 5 and 15 minute load averages: the figures
// of a loaded machine are not those of an idle one.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func ms(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
