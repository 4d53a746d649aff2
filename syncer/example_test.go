package syncer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strings"
	"sync"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/dsmtools/omesync/syncer"
)

// recording is a sync's input recorded as JSON lines: one device and its
// inventory per line.
var recording = strings.Join([]string{
	`{"device":{"Id":101,"Type":1000,"DeviceServiceTag":"abc1001","Model":"PowerEdge R650",` +
		`"DeviceName":"esx101.example.com","DeviceManagement":[{"NetworkAddress":"192.0.2.101"}]},` +
		`"inventory":{"Processors":[{"Id":1},{"Id":2}],"Memory":[{"Size":32768},{"Size":32768}]}}`,
	`{"device":{"Id":102,"Type":2000,"DeviceServiceTag":"CHS1002","Model":"PowerEdge MX7000",` +
		`"DeviceName":"mx-chassis-1"}}`,
	`{"device":{"Id":103,"Type":1000,"DeviceServiceTag":"To Be Filled By O.E.M.",` +
		`"Model":"PowerEdge R640","DeviceName":"lab-1"}}`,
	`{"device":{"Id":104,"Type":1000,"DeviceServiceTag":"ABC1004","Model":"PowerEdge MX840c",` +
		`"DeviceName":"esx104.example.com"},` +
		`"inventory":{"Processors":[{"Id":1}],"Memory":[{"Size":16384}]}}`,
}, "\n")

// fileSource is a Source that replays a recording.
type fileSource struct {
	r io.Reader

	mu  sync.Mutex
	inv map[int64]*ome.Inventory
}

type recordedLine struct {
	Device    ome.Device     `json:"device"`
	Inventory *ome.Inventory `json:"inventory"`
}

// Devices reads the recording line by line.
func (f *fileSource) Devices(ctx context.Context) iter.Seq2[ome.Device, error] {
	return func(yield func(ome.Device, error) bool) {
		sc := bufio.NewScanner(f.r)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var line recordedLine
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				yield(ome.Device{}, err)
				return
			}

			f.keep(line)
			if !yield(line.Device, nil) {
				return
			}
		}

		if err := sc.Err(); err != nil {
			yield(ome.Device{}, err)
		}
	}
}

// keep remembers a device's inventory until the syncer asks for it.
func (f *fileSource) keep(line recordedLine) {
	f.mu.Lock()
	defer f.mu.Unlock()

	if f.inv == nil {
		f.inv = map[int64]*ome.Inventory{}
	}

	if line.Inventory != nil {
		f.inv[line.Device.ID] = line.Inventory
	}
}

// Inventory hands out the recorded inventory once.
func (f *fileSource) Inventory(_ context.Context, d *ome.Device) (*ome.Inventory, error) {
	f.mu.Lock()
	defer f.mu.Unlock()

	inv, ok := f.inv[d.ID]
	delete(f.inv, d.ID)
	if !ok {
		return nil, fmt.Errorf("no inventory recorded for device %d", d.ID)
	}

	return inv, nil
}

// printReport shows a report's counts and problems.
func printReport(rep *syncer.Report) {
	fmt.Printf("seen %d, filtered %d, skipped %d, sent %d, failed %d\n",
		rep.Seen, rep.Filtered, rep.Skipped, rep.Sent, rep.Failed)
	for _, p := range rep.Problems {
		fmt.Printf("device %d: %s\n", p.DeviceID, p.Kind)
	}
}

// indentLines prints JSON lines indented.
func indentLines(lines string) {
	for _, line := range strings.Split(strings.TrimSpace(lines), "\n") {
		var out bytes.Buffer
		if err := json.Indent(&out, []byte(line), "", "  "); err != nil {
			fmt.Println(err)
			return
		}

		fmt.Println(out.String())
	}
}

// A Source can replay a recording instead of asking OME; a dry run lists
// the records that would be sent as JSON lines.
func Example_fileSource() {
	src := &fileSource{r: strings.NewReader(recording)}
	var listing bytes.Buffer
	s, err := syncer.New(src, nil, syncer.WithDryRun(&listing), syncer.WithConcurrency(1))
	if err != nil {
		fmt.Println(err)
		return
	}

	rep, err := s.Run(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}

	indentLines(listing.String())
	printReport(rep)
	// Output:
	// {
	//   "device_id": "101",
	//   "service_tag": "ABC1001",
	//   "model": "PowerEdge R650",
	//   "hostname": "esx101.example.com",
	//   "ip_address": "192.0.2.101",
	//   "cpu_count": 2,
	//   "memory_gb": 64
	// }
	// {
	//   "device_id": "104",
	//   "service_tag": "ABC1004",
	//   "model": "PowerEdge MX840c",
	//   "hostname": "esx104.example.com",
	//   "cpu_count": 1,
	//   "memory_gb": 16
	// }
	// seen 4, filtered 1, skipped 1, sent 2, failed 0
	// device 101: inventory-incomplete
	// device 103: unusable-service-tag
	// device 104: inventory-incomplete
}

// A custom filter is any type with a Match method; FilterFunc adapts a
// function. Its reason should not vary per device: the report counts
// filtered devices per reason.
func ExampleFilterFunc() {
	noSleds := syncer.FilterFunc(func(d *ome.Device) (bool, string) {
		if strings.HasPrefix(d.Model, "PowerEdge MX") {
			return false, "MX sleds are synced by the chassis team"
		}

		return true, "not an MX sled"
	})
	src := &fileSource{r: strings.NewReader(recording)}
	s, err := syncer.New(src, nil, syncer.WithDryRun(io.Discard), syncer.WithFilter(noSleds))
	if err != nil {
		fmt.Println(err)
		return
	}

	rep, err := s.Run(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println(rep.Sent, "sent")
	fmt.Println(rep.FilteredBy)
	// Output:
	// 1 sent
	// map[MX sleds are synced by the chassis team:1 type 2000 (chassis) is not synced:1]
}

// A hook changes the default record: here it adds the power state as an
// extra field and leaves out servers that are powered off.
func ExampleHook() {
	power := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		switch d.PowerState {
		case ome.PowerOff:
			return syncer.Skip("powered off")
		case ome.PowerOn:
			rec.Extra = map[string]any{"power_state": "on"}
		}

		return nil
	}
	lines := strings.Replace(recording, `"Id":104,`, `"Id":104,"PowerState":18,`, 1)
	lines = strings.Replace(lines, `"Id":101,`, `"Id":101,"PowerState":17,`, 1)
	src := &fileSource{r: strings.NewReader(lines)}
	var listing bytes.Buffer
	s, err := syncer.New(src, nil, syncer.WithDryRun(&listing), syncer.WithHook(power))
	if err != nil {
		fmt.Println(err)
		return
	}

	rep, err := s.Run(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}

	indentLines(listing.String())
	fmt.Println(rep.ProblemsOf(syncer.KindHookSkipped)[0].Reason)
	// Output:
	// {
	//   "device_id": "101",
	//   "service_tag": "ABC1001",
	//   "model": "PowerEdge R650",
	//   "hostname": "esx101.example.com",
	//   "ip_address": "192.0.2.101",
	//   "cpu_count": 2,
	//   "memory_gb": 64,
	//   "power_state": "on"
	// }
	// powered off
}

// cmdbSink is a Sink that feeds another inventory system; here, a map.
type cmdbSink struct {
	rows map[string]dsm.Record
}

// Send upserts the records by service tag.
func (c *cmdbSink) Send(_ context.Context, recs []dsm.Record, _ bool) (*dsm.SyncResult, error) {
	res := &dsm.SyncResult{}
	for _, r := range recs {
		if _, ok := c.rows[r.ServiceTag]; ok {
			res.Summary.Updated++
		} else {
			res.Summary.New++
		}

		c.rows[r.ServiceTag] = r
	}

	res.Summary.Total = len(recs)

	return res, nil
}

// A custom sink receives the batches instead of DSM.
func ExampleSink() {
	cmdb := &cmdbSink{rows: map[string]dsm.Record{}}
	for range 2 {
		src := &fileSource{r: strings.NewReader(recording)}
		s, err := syncer.New(src, cmdb)
		if err != nil {
			fmt.Println(err)
			return
		}

		rep, err := s.Run(context.Background())
		if err != nil {
			fmt.Println(err)
			return
		}

		fmt.Printf("new %d, updated %d\n", rep.New, rep.Updated)
	}

	fmt.Println(len(cmdb.rows), "rows,", *cmdb.rows["ABC1001"].MemoryGB, "GB on ABC1001")
	// Output:
	// new 2, updated 0
	// new 0, updated 2
	// 2 rows, 64 GB on ABC1001
}
