package dsm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
)

func strp(s string) *string { return &s }

func intp(n int) *int { return &n }

func ExampleClient_Sync() {
	sim := dsmsim.Start(dsmsim.Config{VCenterSerials: []string{"7QZ4K2M"}})
	defer sim.Close()

	ts, err := dsm.StaticToken(sim.IssueToken("ops@example.com", time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}

	c, err := dsm.NewClient(sim.URL(), dsm.WithTokenSource(ts))
	if err != nil {
		fmt.Println(err)
		return
	}

	res, err := c.Sync(context.Background(), &dsm.SyncRequest{Devices: []dsm.Record{
		{DeviceID: "25114", ServiceTag: "7QZ4K2M", Model: strp("PowerEdge R650"), CPUCount: intp(2)},
		{DeviceID: "25115", ServiceTag: "8QZ4K2M", MemoryGB: intp(512)},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Printf("%+v in %d request\n", res.Summary, res.Requests)
	// Output: {Total:2 New:2 Updated:0 AutoLinked:1 Errors:0} in 1 request
}

func ExampleStaticToken() {
	sim := dsmsim.Start(dsmsim.Config{})
	defer sim.Close()

	ts, err := dsm.StaticToken(sim.IssueToken("ops@example.com", -time.Minute))
	if err != nil {
		fmt.Println(err)
		return
	}

	c, _ := dsm.NewClient(sim.URL(), dsm.WithTokenSource(ts))
	if err := c.CheckToken(context.Background()); errors.Is(err, dsm.ErrTokenExpired) {
		fmt.Println("the token has expired; nothing was sent")
	}
	// Output: the token has expired; nothing was sent
}

func ExampleNewRefreshSource() {
	sim := dsmsim.Start(dsmsim.Config{APIKey: "anon-key"})
	defer sim.Close()

	dir, _ := os.MkdirTemp("", "omesync")
	defer os.RemoveAll(dir)

	store := dsm.FileStore{Path: filepath.Join(dir, "refresh-token")}
	_ = store.Save(context.Background(), sim.IssueRefreshToken("ops@example.com"))

	ts, err := dsm.NewRefreshSource(sim.URL(), "anon-key", store)
	if err != nil {
		fmt.Println(err)
		return
	}

	c, _ := dsm.NewClient(sim.URL(), dsm.WithTokenSource(ts), dsm.WithAPIKey("anon-key"))
	out, err := c.Post(context.Background(), &dsm.SyncRequest{
		Devices: []dsm.Record{{DeviceID: "1", ServiceTag: "ABC1234"}}, Manual: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println("new:", out.Summary.New, "refresh grants:", sim.AuthRequests())
	// Output: new: 1 refresh grants: 1
}

func ExampleRecord_MarshalJSON() {
	r := dsm.Record{
		DeviceID:   "25114",
		ServiceTag: "7QZ4K2M",
		CPUCount:   intp(2),
		Extra:      map[string]any{"power_state": "on"},
	}

	b, _ := json.Marshal(r)
	fmt.Println(string(b))
	// Output: {"device_id":"25114","service_tag":"7QZ4K2M","cpu_count":2,"power_state":"on"}
}

func ExampleAPIError() {
	sim := dsmsim.Start(dsmsim.Config{})
	defer sim.Close()

	other := dsmsim.Start(dsmsim.Config{})
	defer other.Close()

	ts, _ := dsm.StaticToken(other.IssueToken("ops@example.com", time.Hour))
	c, _ := dsm.NewClient(sim.URL(), dsm.WithTokenSource(ts))

	_, err := c.Post(context.Background(), &dsm.SyncRequest{Devices: []dsm.Record{{DeviceID: "1", ServiceTag: "A"}}})

	var ae *dsm.APIError
	if errors.As(err, &ae) {
		fmt.Println(ae.StatusCode, ae.Message, errors.Is(err, dsm.ErrUnauthorized))
	}
	// Output: 401 Invalid JWT true
}
