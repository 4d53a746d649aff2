package e2e

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/dsmtools/omesync/ome"
	"github.com/dsmtools/omesync/syncer"
	"github.com/google/go-cmp/cmp"
)

// serial reads one inventory at a time, so that a fault queued for the
// next inventory requests hits the first servers in Id order.
var serial = []syncer.Option{syncer.WithConcurrency(1)}

// TestOMETokenExpiry expires every OME session in the middle of the
// listing and in the middle of the inventory reads: the client logs in
// once more, replays the refused requests, and the store is complete.
func TestOMETokenExpiry(t *testing.T) {
	t.Parallel()
	runFaults(t, []faultCase{{
		name: "during listing",
		arm:  func(r *rig) { r.ome.ExpireAfter("devices", 2) },
		requests: map[string]span{"login": exactly(2), "logout": exactly(1),
			"devices":   {fleetPages, fleetPages + 1},
			"inventory": {fleetServers, fleetServers + syncer.DefaultConcurrency}},
	}, {
		name: "during inventory",
		arm:  func(r *rig) { r.ome.ExpireAfter("inventory", 10) },
		requests: map[string]span{"login": exactly(2), "logout": exactly(1),
			"devices":   {fleetPages, fleetPages + 1},
			"inventory": {fleetServers + 1, fleetServers + syncer.DefaultConcurrency}},
	}})
}

// TestOMESessionLimit fills the user's only session slot: the run fails
// with CURS1209 and what to do, tries to log in once, lists nothing and
// posts nothing.
func TestOMESessionLimit(t *testing.T) {
	t.Parallel()
	r := newRig(t, setup{devices: fleet(), sessionCap: 1})
	other := newOMEClient(t, r.ome, omeTransport(t, r.ome), 0)
	if err := other.Login(t.Context()); err != nil {
		t.Fatal(err)
	}

	rep, err := r.run(t)
	if !errors.Is(err, ome.ErrSessionLimit) || !strings.Contains(err.Error(), "CURS1209") ||
		!strings.Contains(err.Error(), "log out its other sessions") {
		t.Fatalf("Run error = %v; want ErrSessionLimit naming CURS1209 and what to do", err)
	}

	t.Logf("Run error: %v", err)
	if err := other.Close(t.Context()); err != nil {
		t.Fatal(err)
	}

	if diff := cmp.Diff(map[string]record{}, r.dsm.Store()); diff != "" || r.dsm.Requests() != 0 {
		t.Errorf("%d DSM requests; store (-want +got):\n%s", r.dsm.Requests(), diff)
	}

	checkReport(t, rep, 0, nil)
	// The other client made one login and one logout; this run one refused login.
	want := map[string]int64{"login": 2, "logout": 1, "devices": 0, "device": 0, "inventory": 0,
		"other": 0}
	if diff := cmp.Diff(want, r.requests()); diff != "" || rep.SourceRequests != 1 {
		t.Errorf("run counted %d requests; OME requests by kind (-want +got):\n%s",
			rep.SourceRequests, diff)
	}
	checkSessionsClosed(t, r)
}

// TestOMEServerErrors fails OME requests with 500 and 503. A 503 burst is
// retried and the store is complete; a 500 is not retried: on a page it
// ends the listing (the devices listed before it are synced), on an
// inventory read it sends those servers with the fields of the list.
func TestOMEServerErrors(t *testing.T) {
	t.Parallel()
	runFaults(t, []faultCase{{
		name: "503 burst on a page",
		arm:  armPage(20, func(r *rig) { r.ome.FailNext("devices", 503, 3) }),
		requests: map[string]span{"login": exactly(1), "logout": exactly(1),
			"devices": exactly(fleetPages + 3), "inventory": exactly(fleetServers)},
	}, {
		name: "503 burst on inventory",
		arm:  func(r *rig) { r.ome.FailNext("inventory", 503, 3) },
		requests: map[string]span{"devices": exactly(fleetPages),
			"inventory": exactly(fleetServers + 3)},
	}, {
		name:    "500 on a page",
		arm:     armPage(20, func(r *rig) { r.ome.FailNext("devices", 500, 1) }),
		wantErr: ome.ErrServer, wantText: "GET /api/DeviceService/Devices: 500",
		listed:   20,
		requests: map[string]span{"devices": exactly(3), "logout": exactly(1)},
	}, {
		name: "500 burst on inventory",
		arm:  func(r *rig) { r.ome.FailNext("inventory", 500, 3) },
		opts: serial, listOnly: 3,
		requests: map[string]span{"devices": exactly(fleetPages),
			"inventory": exactly(fleetServers)},
	}})
}

// TestOMESlowResponses delays answers past the client's 300 ms timeout.
// The timed-out requests are retried; when every attempt at a page times
// out, the listing ends with the timeout and what was listed is synced.
func TestOMESlowResponses(t *testing.T) {
	t.Parallel()
	const timeout, slow = 300 * time.Millisecond, 5 * time.Second
	runFaults(t, []faultCase{{
		name:  "a page and two inventory reads",
		setup: setup{timeout: timeout},
		arm: func(r *rig) {
			armPage(10, func(r *rig) { r.ome.SlowNext("devices", slow, 1) })(r)
			r.ome.SlowNext("inventory", slow, 2)
		},
		requests: map[string]span{"devices": exactly(fleetPages + 1),
			"inventory": exactly(fleetServers + 2)},
	}, {
		name:  "every attempt at a page",
		setup: setup{timeout: timeout},
		arm: armPage(30, func(r *rig) {
			r.ome.SlowNext("devices", slow, 1+omeRetry.MaxRetries)
		}),
		// net/http adds "(Client.Timeout exceeded ...)" only when its own
		// timer wins the race with the request's deadline, so the text
		// checked is the part that omesync writes.
		wantErr: context.DeadlineExceeded, wantText: "GET /api/DeviceService/Devices",
		listed:   30,
		requests: map[string]span{"devices": exactly(3 + 1 + int64(omeRetry.MaxRetries))},
	}})
}

// TestOMEProxyHTMLPage puts a proxy's HTML page in place of OME's JSON. A
// 502 page is retried; a 200 page is no device list: on a page it ends
// the listing, on an inventory read that server is sent from the list.
func TestOMEProxyHTMLPage(t *testing.T) {
	t.Parallel()
	runFaults(t, []faultCase{{
		name: "502 on a page",
		arm:  armPage(10, func(r *rig) { r.ome.HTMLNext("devices", 502, 2) }),
		requests: map[string]span{"devices": exactly(fleetPages + 2),
			"inventory": exactly(fleetServers)},
	}, {
		name:    "200 on a page",
		arm:     armPage(10, func(r *rig) { r.ome.HTMLNext("devices", 200, 1) }),
		wantErr: ome.ErrNotJSON, wantText: `non-JSON body (content type "text/html`,
		listed:   10,
		requests: map[string]span{"devices": exactly(2)},
	}, {
		name: "200 on inventory",
		arm:  func(r *rig) { r.ome.HTMLNext("inventory", 200, 2) },
		opts: serial, listOnly: 2,
		requests: map[string]span{"inventory": exactly(fleetServers)},
	}})
}

// TestOMEBadJSON truncates and breaks OME's JSON. Such a page ends the
// listing with a clear error; such an inventory sends the server from
// the list and reports it.
func TestOMEBadJSON(t *testing.T) {
	t.Parallel()
	runFaults(t, []faultCase{{
		name:    "truncated page",
		arm:     armPage(40, func(r *rig) { r.ome.TruncateNext("devices", 1) }),
		wantErr: ome.ErrNotJSON, wantText: "GET /api/DeviceService/Devices: 200",
		listed:   40,
		requests: map[string]span{"devices": exactly(5)},
	}, {
		name:    "malformed page",
		arm:     armPage(10, func(r *rig) { r.ome.MalformedNext("devices", 1) }),
		wantErr: ome.ErrNotJSON, wantText: "invalid character",
		listed:   10,
		requests: map[string]span{"devices": exactly(2)},
	}, {
		name: "truncated inventory",
		arm:  func(r *rig) { r.ome.TruncateNext("inventory", 2) },
		opts: serial, listOnly: 2,
		requests: map[string]span{"inventory": exactly(fleetServers)},
	}, {
		name: "malformed inventory",
		arm:  func(r *rig) { r.ome.MalformedNext("inventory", 3) },
		opts: serial, listOnly: 3,
		requests: map[string]span{"inventory": exactly(fleetServers)},
	}})
}

// TestOMEInventoryAlwaysFails adds quirk device 1210, whose every
// inventory read answers 500: it is sent with the fields of the device
// list (its iDRAC version from the latest management profile, as
// omesim's quirk table gives it) and reported; the others are complete.
func TestOMEInventoryAlwaysFails(t *testing.T) {
	t.Parallel()
	devs := append(fleet(), quirk(t, 1210))
	r := newRig(t, setup{devices: devs})

	rep, err := r.run(t)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := expectStore(t, fleet())
	want["TST1210"] = record{"device_id": "1210", "service_tag": "TST1210",
		"model": "PowerEdge R650", "hostname": "esx1210.example.com",
		"ip_address": "192.0.2.130", "idrac_firmware": "7.10.30.00"}
	if diff := cmp.Diff(want, r.dsm.Store()); diff != "" {
		t.Errorf("DSM store (-want +got):\n%s", diff)
	}

	checkReport(t, rep, fleetServers+1, []int{1210})
	checkRequests(t, r, rep, map[string]span{"inventory": exactly(fleetServers + 1)})
	checkSessionsClosed(t, r)
}

// armPage runs arm just before the client asks for the page at skip.
func armPage(skip int, arm func(r *rig)) func(r *rig) {
	return func(r *rig) { r.spy.on(pageAt(skip), func() { arm(r) }) }
}

// quirk returns omesim's quirk device id.
func quirk(t *testing.T, id int) omesim.Device {
	t.Helper()
	for _, d := range omesim.Quirks() {
		if d.ID() == id {
			return d
		}
	}

	t.Fatalf("no quirk device %d", id)

	return omesim.Device{}
}
