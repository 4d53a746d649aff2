package ome_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/dsmtools/omesync/ome"
	"golang.org/x/time/rate"
)

// List every server, page by page, and always log out: Close is deferred
// right after NewClient, and no path leaves through log.Fatal or os.Exit,
// which would skip it and leave the session open on the appliance.
func ExampleNewClient() {
	ctx := context.Background()
	c, err := ome.NewClient("https://ome.example.com",
		ome.WithCredentials("svc-sync", "secret"),
		ome.WithHTTPClient(&http.Client{Timeout: 30 * time.Second}),
		ome.WithRateLimiter(rate.NewLimiter(rate.Limit(10), 4)),
	)
	if err != nil {
		log.Print(err)
		return
	}
	defer func() {
		if err := c.Close(ctx); err != nil {
			log.Print("logout: ", err)
		}
	}()

	opts := &ome.ListOptions{Filter: ome.Eq("Type", ome.TypeServer), OrderBy: "Id"}
	for d, err := range c.Devices.All(ctx, opts) {
		if err != nil {
			log.Print(err)
			return
		}
		ip, _ := d.ManagementIP()
		fmt.Println(d.ID, d.DeviceServiceTag, d.Model, ip)
	}
}

// Build a filter; string literals are quoted, so user input cannot change
// the expression.
func ExampleAnd() {
	f := ome.And(
		ome.Eq("Type", ome.TypeServer),
		ome.Or(ome.Eq("Model", "PowerEdge R650"), ome.Contains("DeviceName", "o'brien")),
	)
	fmt.Println(f)
	// Output: Type eq 1000 and (Model eq 'PowerEdge R650' or contains(DeviceName,'o''brien'))
}

// Read only the inventory sections a sync needs; a section that does not
// apply to the device is absent, not an error, and no DIMMs is an unknown
// total, not 0 GB.
func ExampleInventoryService_Get() {
	ctx := context.Background()
	c, err := ome.NewClient("https://ome.example.com", ome.WithCredentials("svc-sync", "secret"))
	if err != nil {
		log.Print(err)
		return
	}
	defer func() {
		if err := c.Close(ctx); err != nil {
			log.Print("logout: ", err)
		}
	}()

	inv, err := c.Inventory.Get(ctx, 25114,
		ome.InventoryProcessors, ome.InventoryMemory, ome.InventorySoftware)
	if err != nil {
		log.Print(err)
		return
	}

	bios, ok := inv.BIOSVersion()
	fmt.Println("BIOS", bios, ok, "CPUs", len(inv.Processors))
	mb, err := ome.TotalMemoryMB(inv.Memory)
	switch {
	case errors.Is(err, ome.ErrNoMemory):
		fmt.Println("memory unknown: no DIMMs listed")
	case err != nil:
		log.Print(err) // names the DIMM whose size is unknown
	default:
		fmt.Println("memory GB", mb/1024)
	}
}

// Tell the failure apart with errors.Is.
func ExampleAPIError() {
	ctx := context.Background()
	c, err := ome.NewClient("https://ome.example.com", ome.WithCredentials("svc-sync", "secret"))
	if err != nil {
		log.Print(err)
		return
	}
	defer func() {
		if err := c.Close(ctx); err != nil {
			log.Print("logout: ", err)
		}
	}()

	_, err = c.Devices.GetByServiceTag(ctx, "7QZ4K2M")
	var apiErr *ome.APIError
	switch {
	case errors.Is(err, ome.ErrNotFound):
		fmt.Println("no such device")
	case errors.Is(err, ome.ErrSessionLimit):
		fmt.Println("too many sessions: log some out")
	case errors.Is(err, ome.ErrNotJSON):
		fmt.Println("not an OME API:", err)
	case errors.As(err, &apiErr):
		fmt.Println("OME said", apiErr.StatusCode, apiErr.ExtendedInfo)
	case err != nil:
		fmt.Println(err)
	}
}

// Show a device's enums; unknown codes keep their number.
func ExampleDeviceType_String() {
	fmt.Println(ome.TypeServer, ome.DeviceType(1234), ome.PowerOn, ome.StatusCritical)
	// Output: Server DeviceType(1234) On Critical
}

// Parse OME's zone-less time; placeholders keep their text.
func ExampleParseTimestamp() {
	ts, ok := ome.ParseTimestamp("2024-05-06 02:00:11.5")
	fmt.Println(ts.Time, ok)
	na, ok := ome.ParseTimestamp("NA")
	fmt.Println(na.Raw, na.IsZero(), ok)
	// Output:
	// 2024-05-06 02:00:11.5 +0000 UTC true
	// NA true false
}
