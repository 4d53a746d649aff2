// Package omesync keeps a fleet's Dell server inventory in sync between Dell
// OpenManage Enterprise (OME) and the Dell Server Manager (DSM) cloud app.
//
// This root package holds no code. The module is made of three packages and
// two programs:
//
//   - [github.com/dsmtools/omesync/ome] is a typed client for the OME REST
//     API: one session per client, paginated device listings that check what
//     the appliance says, per-device inventory, typed errors, retries and rate
//     limits.
//   - [github.com/dsmtools/omesync/dsm] is a client for DSM's
//     openmanage-sync function: access tokens that renew, batches that split
//     when the function hits a resource limit, typed errors.
//   - [github.com/dsmtools/omesync/syncer] is the engine: it reads devices
//     and their inventory from a Source (OME by default), maps each server to
//     a DSM record, and writes batches to a Sink (DSM by default), with
//     filters, mapping hooks, a dry run and a report.
//   - examples/cli is the omesync command for cron, systemd, Kubernetes and
//     Windows Task Scheduler; examples/lambda runs the same job on AWS
//     Lambda. Both live in their own module so that their dependencies never
//     reach a library user's go.mod.
//
// # Quick start
//
// The shortest program builds the two clients and hands them to the engine:
//
//	oc, err := ome.NewClient("https://ome.example.com",
//		ome.WithCredentials(user, password))
//	if err != nil {
//		return err
//	}
//	defer oc.Close(context.WithoutCancel(ctx))
//
//	ts, err := dsm.StaticToken(jwt)
//	if err != nil {
//		return err
//	}
//	dc, err := dsm.NewClient(dsmURL, dsm.WithTokenSource(ts))
//	if err != nil {
//		return err
//	}
//
//	s, err := syncer.New(syncer.OMESource(oc), syncer.DSMSink(dc))
//	if err != nil {
//		return err
//	}
//	report, err := s.Run(ctx) // the report says what was done, even with an error
//	if err != nil {
//		return err
//	}
//	fmt.Printf("%d sent: %d new, %d updated\n", report.Sent, report.New, report.Updated)
//
// # Safety
//
// The clients never log. The engine logs through the *slog.Logger a caller
// hands it and is silent otherwise. No password, access token or OME session
// token appears in an error text or a log line. TLS certificates are verified
// unless the caller's http.Client says otherwise.
package omesync
