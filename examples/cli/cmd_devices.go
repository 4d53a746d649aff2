package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/examples/internal/app"
)

// devices lists what a sync would send: a dry run whose records are
// printed as a table or a JSON array. Nothing is posted to DSM.
func (p *program) devices(ctx context.Context) int {
	cfg := p.opts.cfg
	cfg.DryRun = true

	var lines bytes.Buffer
	rep, err := app.Sync(ctx, &cfg, p.deps, app.RunOptions{Logger: p.log, DryRunOut: &lines})
	report := app.NewReport(rep, err, cfg.Manual, p.now())
	p.logOutcome(report, err)
	if err != nil {
		return exitCode(err, report.Status)
	}

	records, err := readRecords(&lines)
	if err != nil {
		return p.fail(err)
	}

	if p.opts.output == "json" {
		return p.writeOrFail(writeJSON(p.stdout, records))
	}

	return p.writeOrFail(writeTable(p.stdout, records))
}

// readRecords decodes the dry run's JSON lines, ordered by device id.
func readRecords(r io.Reader) ([]dsm.Record, error) {
	records := []dsm.Record{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		var rec dsm.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("read the dry run's records: %w", err)
		}

		records = append(records, rec)
	}

	sortRecords(records)

	return records, sc.Err()
}

// sortRecords orders records by OME device id, which the engine's
// concurrent inventory reads do not keep.
func sortRecords(records []dsm.Record) {
	slices.SortFunc(records, func(a, b dsm.Record) int {
		ai, _ := strconv.ParseInt(a.DeviceID, 10, 64)
		bi, _ := strconv.ParseInt(b.DeviceID, 10, 64)

		return cmp.Or(cmp.Compare(ai, bi), strings.Compare(a.DeviceID, b.DeviceID))
	})
}

// writeTable prints one row per record; "-" marks a value unknown this run.
func writeTable(w io.Writer, records []dsm.Record) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE ID\tSERVICE TAG\tMODEL\tHOSTNAME\tIP ADDRESS\tBIOS\tIDRAC\tCPUS\tMEMORY GB")
	for _, r := range records {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.DeviceID, r.ServiceTag,
			str(r.Model), str(r.Hostname), str(r.IPAddress), str(r.BIOSVersion),
			str(r.IDRACFirmware), num(r.CPUCount), num(r.MemoryGB))
	}

	fmt.Fprintf(tw, "%d devices would be synced\n", len(records))

	return tw.Flush()
}

func str(p *string) string {
	if p == nil || *p == "" {
		return "-"
	}

	return *p
}

func num(p *int) string {
	if p == nil {
		return "-"
	}

	return strconv.Itoa(*p)
}
