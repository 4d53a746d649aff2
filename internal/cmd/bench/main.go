// Command bench measures a whole sync of N simulated devices: requests by
// kind, wall time, devices per second and the peak memory of the syncing
// process, next to the lower bound requests × latency ÷ concurrency.
//
//	go run ./internal/cmd/bench -n 1000,10000,50000 -latency 10ms
//
// Each N runs in three processes of this binary: the driver (which prints
// the table), a sync process per N (the ome and dsm clients and the
// syncer, whose memory is measured), and its simulator process (omesim and
// dsmsim with the latency added to every request), so that the
// simulators' memory and CPU are not counted as the sync's.
//
// The OME client is made as a user makes it. With -transport default it
// has no WithHTTPClient, so it uses the client's own transport (the
// appliance's certificate is trusted through SSL_CERT_FILE, which works on
// Linux); with -transport stdlib it gets a copy of http.DefaultTransport
// with the certificate pool and net/http's 2 idle connections per host,
// as a caller who builds a transport and keeps that default would.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/dsmtools/omesync/syncer"
)

// config is what the flags set.
type config struct {
	role        string
	sizes       []int
	latency     time.Duration
	concurrency int
	pageSize    int
	batchSize   int
	transport   string
	seed        int64
	jsonOut     bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches on the role and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return 2
	}

	switch cfg.role {
	case "serve":
		err = serve(cfg, os.Stdin, stdout)
	case "sync":
		err = syncOnce(ctx, cfg, stdout)
	default:
		err = drive(ctx, cfg, stdout, stderr)
	}

	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 1
	}

	return 0
}

// parseFlags reads the command line.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("n", "1000,10000,50000", "comma-separated fleet sizes")
	fs.DurationVar(&cfg.latency, "latency", 10*time.Millisecond,
		"latency added to every simulated request")
	fs.IntVar(&cfg.concurrency, "concurrency", syncer.DefaultConcurrency, "inventory workers")
	fs.IntVar(&cfg.pageSize, "page-size", 0, "OME page size ($top); 0 keeps the client's default")
	fs.IntVar(&cfg.batchSize, "batch-size", syncer.DefaultBatchSize, "records per DSM post")
	fs.StringVar(&cfg.transport, "transport", "default",
		"OME transport: default (the client's own) or stdlib (a copy of http.DefaultTransport)")
	fs.Int64Var(&cfg.seed, "seed", 1, "seed of the generated fleet")
	fs.BoolVar(&cfg.jsonOut, "json", false, "print one JSON result per line instead of a table")
	fs.StringVar(&cfg.role, "role", "", "internal: serve or sync")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}

	var err error
	if cfg.sizes, err = parseSizes(*sizes); err != nil {
		fmt.Fprintf(stderr, "bench: -n: %v\n", err)
		return nil, err
	}

	if cfg.transport != "default" && cfg.transport != "stdlib" {
		err = fmt.Errorf("-transport must be default or stdlib, not %q", cfg.transport)
		fmt.Fprintf(stderr, "bench: %v\n", err)
	}

	return cfg, err
}

// parseSizes reads "1000,10000" as fleet sizes.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive fleet size", f)
		}

		out = append(out, n)
	}

	return out, nil
}

// childArgs are the flags that pass cfg to a child of the given role.
func childArgs(cfg *config, role string, n int) []string {
	return []string{
		"-role=" + role, "-n=" + strconv.Itoa(n), "-latency=" + cfg.latency.String(),
		"-concurrency=" + strconv.Itoa(cfg.concurrency), "-page-size=" + strconv.Itoa(cfg.pageSize),
		"-batch-size=" + strconv.Itoa(cfg.batchSize), "-transport=" + cfg.transport,
		"-seed=" + strconv.FormatInt(cfg.seed, 10),
	}
}
