package syncer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

// TestWithFilterRefusesFiltersBuiltWrong refuses a nil regular expression
// and a nil filter, also deep inside All, Any and Not, when the syncer is
// built rather than in the lister goroutine.
func TestWithFilterRefusesFiltersBuiltWrong(t *testing.T) {
	t.Parallel()
	var re *regexp.Regexp // as left by a failed regexp.Compile
	const model = "syncer: ModelMatches needs a regular expression, got nil " +
		"(check the error of regexp.Compile)"
	const name = "syncer: NameMatches needs a regular expression, got nil " +
		"(check the error of regexp.Compile)"
	const nested = "syncer: All, Any and Not need filters, got a nil one"
	tests := []struct {
		name string
		f    Filter
		want string
	}{
		{"nil model regexp", ModelMatches(re), model},
		{"nil name regexp", NameMatches(nil), name},
		{"inside All", All(ModelContains("R650"), ModelMatches(re)), model},
		{"inside Not and Any", Not(Any(ModelContains("R650"), NameMatches(re))), name},
		{"nil inside All", All(ModelContains("R650"), nil), nested},
		{"nil FilterFunc inside Any", Any(FilterFunc(nil)), nested},
		{"nil inside Not", Not(nil), nested},
		{"typed nil filter", FilterFunc(nil), "syncer: WithFilter needs a filter"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := New(&fakeSource{}, &fakeSink{}, WithFilter(tc.f))
			if s != nil || err == nil {
				t.Fatalf("New = %v, %v; want an error", s, err)
			}

			if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
				t.Errorf("New error (-want +got):\n%s", diff)
			}
		})
	}
}

// panicRecord is what a test compares of a problem made from a panic.
type panicRecord struct {
	ID      int64
	Kind    ProblemKind
	Op      string
	Message string
	Reason  string
	Stack   bool
}

// TestRunRecoversPanickingFiltersAndSources fails the device whose filter
// or inventory call panics and syncs the others, with and without hooks
// (the tags are claimed by the lister, or by the collector in order). The
// device whose inventory call panicked keeps its tag, as a device whose
// hook failed does: its twin listed later is not sent.
func TestRunRecoversPanickingFiltersAndSources(t *testing.T) {
	t.Parallel()
	twin := server(1005)
	twin.DeviceServiceTag = "TST1003"
	var re *regexp.Regexp
	filter := FilterFunc(func(d *ome.Device) (bool, string) {
		if d.ID == 1002 {
			return re.MatchString(d.Model), "model matches" // a nil dereference
		}

		return true, "any"
	})
	noop := func(context.Context, *ome.Device, *ome.Inventory, *dsm.Record) error { return nil }
	for _, hooks := range []bool{false, true} {
		t.Run(fmt.Sprintf("hooks %v", hooks), func(t *testing.T) {
			t.Parallel()
			src := &fakeSource{devices: append(servers(4), twin)}
			src.onInventory = func(_ context.Context, d *ome.Device) error {
				if d.ID == 1003 {
					panic(fmt.Sprintf("inventory of %d", d.ID))
				}

				return nil
			}
			sink := &fakeSink{}
			opts := []Option{WithFilter(filter)}
			if hooks {
				opts = append(opts, WithHook(noop))
			}

			rep, err := mustRun(t, src, sink, opts...)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}

			// With hooks, the twin's inventory is read before its tag is claimed.
			requests := int64(5 + 3)
			if hooks {
				requests++
			}

			checkPanicRun(t, rep, sink, requests)
		})
	}
}

// checkPanicRun checks the run of TestRunRecoversPanickingFiltersAndSources.
func checkPanicRun(t *testing.T, rep *Report, sink *fakeSink, requests int64) {
	t.Helper()
	want := &Report{Seen: 5, Sent: 2, New: 2, Failed: 2, Skipped: 1,
		FilteredBy: map[string]int{}, Requests: requests, SourceRequests: requests}
	if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	if diff := cmp.Diff([]string{"1001", "1004"}, sink.sentIDs()); diff != "" {
		t.Errorf("records sent (-want +got):\n%s", diff)
	}

	var got []panicRecord
	for _, p := range rep.ProblemsOf(KindPanicked) {
		var pe *PanicError
		if !errors.As(p.Err, &pe) {
			t.Fatalf("problem %v carries no *PanicError", p)
		}

		got = append(got, panicRecord{p.DeviceID, p.Kind, pe.Op, pe.Error(), p.Reason,
			len(pe.Stack) > 0})
	}

	wantPanics := []panicRecord{
		{1002, KindPanicked, PanicInFilter, "filter panicked: " + nilDerefText,
			"filter panicked: " + nilDerefText + "; the device is not sent", true},
		{1003, KindPanicked, PanicInInventory, "inventory panicked: inventory of 1003",
			"inventory panicked: inventory of 1003; the device is not sent", true},
	}
	if diff := cmp.Diff(wantPanics, got); diff != "" {
		t.Errorf("panic problems (-want +got):\n%s", diff)
	}

	if diff := cmp.Diff([]problemKey{{1003, KindDuplicateServiceTag, 1005},
		{1005, KindDuplicateServiceTag, 1003}},
		problemKeys(rep.ProblemsOf(KindDuplicateServiceTag))); diff != "" {
		t.Errorf("duplicates (-want +got):\n%s", diff)
	}
}

// nilDerefText is the text of the runtime error of a nil dereference.
const nilDerefText = "runtime error: invalid memory address or nil pointer dereference"
