package omesync_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/dsmtools/omesync/syncer"
)

// This is the library quick start of README.md: build the two clients, hand
// them to the engine, run once.
func Example() {
	ctx := context.Background()

	oc, err := ome.NewClient("https://ome.example.com",
		ome.WithCredentials("omesync", os.Getenv("OME_PASSWORD")))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer oc.Close(context.WithoutCancel(ctx))

	ts, err := dsm.StaticToken(os.Getenv("DSM_JWT_TOKEN"))
	if err != nil {
		fmt.Println(err)
		return
	}
	dc, err := dsm.NewClient("https://yourproject.supabase.co", dsm.WithTokenSource(ts))
	if err != nil {
		fmt.Println(err)
		return
	}

	s, err := syncer.New(syncer.OMESource(oc), syncer.DSMSink(dc),
		syncer.WithLogger(slog.Default()))
	if err != nil {
		fmt.Println(err)
		return
	}

	report, err := s.Run(ctx)
	if err != nil {
		fmt.Println("sync failed:", err)
	}
	fmt.Printf("sent %d servers: %d new, %d updated, %d linked to vCenter\n",
		report.Sent, report.New, report.Updated, report.AutoLinked)
}
