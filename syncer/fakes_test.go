package syncer

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

// fakeSource serves devices and inventory from memory.
type fakeSource struct {
	devices  []ome.Device
	inv      map[int64]*ome.Inventory
	invErr   map[int64]error
	listErr  error // yielded after the devices
	closeErr error // returned by Close
	// onInventory, when set, runs at the start of each Inventory call.
	onInventory func(ctx context.Context, d *ome.Device) error

	requests atomic.Int64
	listed   atomic.Int64
	closed   atomic.Int32
	// closeCtxErr is the error of the context Close got.
	closeCtxErr atomic.Value
	inFlight    atomic.Int32
	maxSeen     atomic.Int32
}

func (f *fakeSource) Devices(ctx context.Context) iter.Seq2[ome.Device, error] {
	return func(yield func(ome.Device, error) bool) {
		for _, d := range f.devices {
			f.requests.Add(1)
			f.listed.Add(1)
			if !yield(d, nil) {
				return
			}
		}

		if f.listErr != nil {
			yield(ome.Device{}, f.listErr)
		}
	}
}

func (f *fakeSource) Inventory(ctx context.Context, d *ome.Device) (*ome.Inventory, error) {
	f.requests.Add(1)
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		m := f.maxSeen.Load()
		if n <= m || f.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}

	if f.onInventory != nil {
		if err := f.onInventory(ctx, d); err != nil {
			return nil, err
		}
	}

	if err := f.invErr[d.ID]; err != nil {
		return nil, err
	}

	return f.inv[d.ID], nil
}

func (f *fakeSource) Close(ctx context.Context) error {
	f.closed.Add(1)
	f.closeCtxErr.Store(fmt.Sprint(ctx.Err()))

	return f.closeErr
}

func (f *fakeSource) Requests() int64 { return f.requests.Load() }

// fakeSink keeps batches and answers like DSM.
type fakeSink struct {
	mu      sync.Mutex
	batches [][]dsm.Record
	// fail makes the batch with this index (from 0) fail as a whole.
	fail map[int]error
	// refuse refuses records with these service tags.
	refuse map[string]string
	// splitFail fails the records with these device ids as a failed part.
	splitFail map[string]bool
	// errors are refusals added to every answer, as given.
	errors []dsm.DeviceError
	// summary, when set, changes each answer's summary after counting.
	summary func(s *dsm.Summary)
	// onSend, when set, runs before each answer.
	onSend func(ctx context.Context, n int) error
	known  map[string]bool
	// checkErr is what Check returns; checks counts the calls.
	checkErr error
	checks   atomic.Int32
}

func (s *fakeSink) Check(context.Context) error {
	s.checks.Add(1)

	return s.checkErr
}

func (s *fakeSink) Send(ctx context.Context, recs []dsm.Record, _ bool) (*dsm.SyncResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	i := len(s.batches)
	s.batches = append(s.batches, slices.Clone(recs))
	if s.onSend != nil {
		if err := s.onSend(ctx, len(recs)); err != nil {
			return nil, err
		}
	}

	if err := s.fail[i]; err != nil {
		return nil, err
	}

	return s.answer(recs)
}

// answer counts new and updated records and builds errors and failures,
// with a summary that counts them as DSM does.
func (s *fakeSink) answer(recs []dsm.Record) (*dsm.SyncResult, error) {
	if s.known == nil {
		s.known = map[string]bool{}
	}

	res := &dsm.SyncResult{Errors: slices.Clone(s.errors)}
	var failed []dsm.Record
	for _, r := range recs {
		switch {
		case s.splitFail[r.DeviceID]:
			failed = append(failed, r)
		case s.refuse[r.ServiceTag] != "":
			res.Errors = append(res.Errors, dsm.DeviceError{ServiceTag: r.ServiceTag,
				Message: s.refuse[r.ServiceTag]})
		case s.known[r.ServiceTag]:
			res.Summary.Updated++
		default:
			s.known[r.ServiceTag] = true
			res.Summary.New++
		}
	}

	res.Summary.Total = len(recs) - len(failed)
	res.Summary.Errors = len(res.Errors)
	if s.summary != nil {
		s.summary(&res.Summary)
	}

	if len(failed) == 0 {
		return res, nil
	}

	err := errors.New("dsm: 546 resource limit")
	res.Failed = []dsm.FailedBatch{{Records: failed, Err: err}}

	return res, err
}

// sent returns every record the sink received, in order.
func (s *fakeSink) sent() []dsm.Record {
	s.mu.Lock()
	defer s.mu.Unlock()

	return slices.Concat(s.batches...)
}

// sentIDs returns the device id of every record the sink received, in
// order.
func (s *fakeSink) sentIDs() []string {
	var ids []string
	for _, r := range s.sent() {
		ids = append(ids, r.DeviceID)
	}

	return ids
}

// sizes returns the size of each batch.
func (s *fakeSink) sizes() []int {
	s.mu.Lock()
	defer s.mu.Unlock()

	var n []int
	for _, b := range s.batches {
		n = append(n, len(b))
	}

	return n
}

// server is a listed server with a tag derived from its id.
func server(id int64) ome.Device {
	n := strconv.FormatInt(id, 10)

	return ome.Device{ID: id, Type: ome.TypeServer, DeviceServiceTag: "TST" + n,
		DeviceName: "esx" + n, Model: "PowerEdge R650"}
}

// servers are n servers with ids from 1001.
func servers(n int) []ome.Device {
	out := make([]ome.Device, n)
	for i := range out {
		out[i] = server(int64(1001 + i))
	}

	return out
}
