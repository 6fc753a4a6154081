// Command genbundle writes the synthetic STIX 2.1 bundle of the scale
// benchmarks (see package scale): N objects, deterministic for a seed,
// streamed in constant memory. What the bundle holds goes to stderr as JSON.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/telltale-cti/telltale/internal/scale"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "genbundle:", err)
		os.Exit(1)
	}
}

func run() error {
	shared := os.Getenv("TELLTALE_SHARED")
	if shared == "" {
		shared = "../shared"
	}
	n := flag.Int("n", 100_000, "number of objects")
	seed := flag.Uint64("seed", 1, "seed: the same seed and n write the same bundle")
	attack := flag.String("attack", filepath.Join(shared, "data/attack/enterprise-attack-18.1.json"), "ATT&CK bundle whose intrusion sets and malware the indicators indicate")
	out := flag.String("o", "-", "output file (- for standard output)")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", flag.Arg(0))
	}
	opts, err := scale.AttackOptions(*attack, *n, *seed)
	if err != nil {
		return err
	}
	var w io.Writer = os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	counts, err := scale.Write(w, opts)
	if err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		if err := f.Close(); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(counts)
	fmt.Fprintln(os.Stderr, string(b))
	return nil
}
