package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// drive runs one sync process per fleet size and prints the results.
func drive(ctx context.Context, cfg *config, stdout, stderr io.Writer) error {
	head := stdout
	if cfg.jsonOut {
		head = stderr
	}

	fmt.Fprintf(head, "bench: %s %s/%s, %d CPUs; latency %s, concurrency %d, transport %s\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cfg.latency,
		cfg.concurrency, cfg.transport)

	var results []*result
	for _, n := range cfg.sizes {
		res, err := syncIn(ctx, cfg, n)
		if err != nil {
			return err
		}

		if cfg.jsonOut {
			if err := json.NewEncoder(stdout).Encode(res); err != nil {
				return err
			}
		}

		results = append(results, res)
	}

	if !cfg.jsonOut {
		printTable(stdout, cfg, results)
	}

	return nil
}

// syncIn runs the sync of n devices in a process of its own.
func syncIn(ctx context.Context, cfg *config, n int) (*result, error) {
	c, err := startChild(ctx, childArgs(cfg, "sync", n))
	if err != nil {
		return nil, err
	}
	defer c.stop()

	var res result
	if err := c.read(&res); err != nil {
		return nil, fmt.Errorf("sync of %d devices: %w", n, err)
	}

	return &res, c.stop()
}

// printTable writes one row per fleet size and whether each target is met.
func printTable(w io.Writer, cfg *config, results []*result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join([]string{"devices", "servers", "login", "pages", "inventory",
		"logout", "dsm posts", "other", "requests", "ome conns", "wall", "devices/s", "bound", "wall/bound",
		"heap live", "heap in use", "go total", "rss", "sync cpu", "sim cpu", "targets", ""}, "\t"))
	for _, r := range results {
		fmt.Fprintln(tw, strings.Join(row(r, cfg.batchSize), "\t")+"\t")
	}

	_ = tw.Flush()
}

// row is the table's row for r.
func row(r *result, batch int) []string {
	o := r.Server.OME
	ints := []int64{int64(r.N), r.wantInventory(), o["login"], o["devices"], o["inventory"],
		o["logout"], int64(r.Server.DSMPosts), r.extra(), r.requests(), r.Conns}
	cells := make([]string, 0, 20)
	for _, n := range ints {
		cells = append(cells, strconv.FormatInt(n, 10))
	}

	return append(cells, seconds(r.Wall), fmt.Sprintf("%.0f", r.devicesPerSecond()),
		seconds(r.bound()), fmt.Sprintf("%.2f", r.ratio()), mb(r.Memory.HeapLive),
		mb(r.Memory.HeapInUse), mb(r.Memory.GoTotal), mb(r.Memory.RSS), seconds(r.SyncCPU),
		seconds(r.SimCPU), targets(r, batch))
}

// seconds formats d in seconds with one decimal.
func seconds(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }

// targets says which targets a result meets.
func targets(r *result, batch int) string {
	var miss []string
	if r.ratio() > maxWallOverBound {
		miss = append(miss, fmt.Sprintf("wall>%.1f×bound", maxWallOverBound))
	}

	if r.Memory.RSS >= maxRSS || r.Memory.GoTotal >= maxRSS {
		miss = append(miss, "memory>=100MB")
	}

	if !r.exactRequests() || r.Server.DSMPosts != r.wantPosts(batch) {
		miss = append(miss, fmt.Sprintf("requests!=pages(%d)+inventory(%d)", r.wantPages(),
			r.wantInventory()))
	}

	if len(miss) == 0 {
		return "met"
	}

	return "MISSED: " + strings.Join(miss, ", ")
}

// mb formats bytes in MB.
func mb(b uint64) string { return fmt.Sprintf("%.1fMB", float64(b)/(1<<20)) }
