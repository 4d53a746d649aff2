package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
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

	records, err := app.ReadRecords(&lines)
	if err != nil {
		return p.fail(err)
	}

	if p.opts.output == "json" {
		return p.writeOrFail(writeJSON(p.stdout, records))
	}

	return p.writeOrFail(writeTable(p.stdout, records))
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
