// Package syncer is the engine that reads servers from Dell OpenManage
// Enterprise (OME) and sends them to Dell Server Manager (DSM). Embed it in
// a scheduler, a CLI or a function:
//
//	src := syncer.OMESource(omeClient)
//	s, err := syncer.New(src, syncer.DSMSink(dsmClient))
//	...
//	report, err := s.Run(ctx)
//
// # Sources and sinks
//
// A Source yields devices and their inventory; OMESource reads them from an
// *ome.Client, listing every device (filters run here, so every filtered
// device is counted) and reading each device's inventory in one request
// (WithInventoryTypes reads chosen sections, one request each). A Sink
// takes batches of records; DSMSink posts them through a *dsm.Client and
// JSONLinesSink writes them to a file. Both are small interfaces, so a sync
// may read a recorded file or feed another CMDB.
//
// A sink that implements SinkChecker is checked before the run touches
// the source (not in a dry run): DSMSink asks its client for a token
// (dsm.Client.CheckToken), so that an expired token or a refused sign-in
// fails before any OME work starts, with a report of nothing done and an
// error that wraps the sink's.
//
// A source whose Inventory panics fails that device alone, as a hook that
// panics does: the panic is recovered and reported as KindPanicked with a
// *PanicError, and the other devices are synced. A source whose Devices
// iterator panics ends the listing as a failed listing does (Run's error
// wraps a *PanicError of Op PanicInListing). A sink whose Send panics
// fails that batch like any failed batch (KindBatchFailed, the problems'
// Err a *PanicError of Op PanicInSink) and, as it would most likely panic
// again, stops the run with an error that says so. A WithProgress
// callback that panics is not called again in that run: the report notes
// it (KindProgressPanicked, not counted by Report.Incomplete) and the log
// warns.
//
// A source that implements Closer is closed at the end of every run (for
// OME: logged out), also when the run fails or is cancelled, and before a
// panic of code nothing guards (a Preparer, a slog.Handler) goes on up to
// Run's caller. A close that
// fails after a run that did its work does not fail the run: the report
// notes it (KindCloseFailed, not counted by Report.Incomplete) and it is
// logged at Warn level; after a run that failed anyway, it is joined into
// Run's error too.
//
// # Filters
//
// Only servers (ome.TypeServer) are synced unless WithTypes says otherwise.
// WithFilter adds filters that every synced device must also pass: ByType,
// ModelContains, ModelMatches, NameMatches, ServiceTags and InGroup, joined
// with All, Any and Not, or any type with a Match method (FilterFunc adapts
// a function). A filter gives a short reason with each decision; the report
// counts filtered devices per reason in FilteredBy, and the debug log names
// each one. InGroup reads the group's members from a GroupSource (OMESource
// is one) when the run starts; a filter that needs such a step implements
// Preparer.
//
// A filter built wrong is refused by WithFilter, so New returns the error
// before any run: ModelMatches or NameMatches given a nil *regexp.Regexp
// (what a failed regexp.Compile leaves), or a nil filter, also inside All,
// Any or Not. A filter whose Match panics fails that device alone
// (KindPanicked, its Err a *PanicError with the value and the stack), and
// the run goes on.
//
// # Mapping
//
// Map turns a device and its inventory into a dsm.Record, field by field:
//
//   - device_id: the OME Id in decimal.
//   - service_tag: DeviceServiceTag with Unicode white space trimmed and
//     letters upper-cased (NormalizeServiceTag); never another field.
//   - model: Model, trimmed.
//   - hostname: DeviceName when it is a host name, that is not empty, not
//     "localhost" (or "localhost.<domain>") and not an IP literal;
//     otherwise the first such InstrumentationName (the OS host name) of
//     the management entries, then the first such DnsName (the iDRAC's
//     name). Never an IP literal.
//   - ip_address: the first usable IPv4 address among the management
//     entries' NetworkAddress, else the first usable IPv6 address (an
//     IPv4-mapped IPv6 address counts as IPv4), sent in canonical form:
//     without brackets, lower-case and compressed ("[2001:DB8:0::6]" is
//     sent as "2001:db8::6"). Usable is a valid address, brackets and
//     spaces allowed around it, that is not unspecified (0.0.0.0, ::),
//     loopback, multicast, the broadcast address 255.255.255.255 or
//     link-local (169.254.0.0/16, fe80::/10) and has no zone ("%eth0"),
//     since a zone only means something on the host that wrote it. An
//     entry that is empty or not an address is passed over.
//   - bios_version: the deviceSoftware row of SoftwareType BIOS that is
//     installed (Status "Installed" or InstanceId "DCIM:INSTALLED#...").
//     Rows marked as images (Status "Available", "DCIM:CURRENT#",
//     "DCIM:PREVIOUS#") never count; a row with no Status and no DCIM
//     InstanceId is used only when no row is marked installed.
//   - idrac_firmware: the installed deviceSoftware row whose InstanceId
//     names iDRAC.Embedded (a row without InstanceId is known by the
//     description "Integrated Dell Remote Access Controller"); when the
//     inventory gives none, the iDRAC management profile with the latest
//     StatusDateTime.
//   - cpu_count: the number of serverProcessors entries (sockets, not
//     cores).
//   - memory_gb: the sum of serverMemoryDevices Size (MB) divided by 1024
//     and rounded to the nearest GB, a half rounding up (1536 MB is 2 GB).
//     A 0 MB entry adds nothing. The sum is ome.TotalMemoryMB's. When a
//     size is not known (null, missing, a text with an unknown unit, a
//     negative number) or the sizes add up past the largest int64,
//     memory_gb is left out and a problem of kind KindBadData names the
//     DIMM; its Err is ome's error.
//
// When DeviceCapabilities come in the older object form and carry BIOS or
// iDRAC versions, they fill bios_version and idrac_firmware where the
// above gives nothing.
//
// A value that is not known in this run is left out of the record (a nil
// pointer), never sent as 0 or "", so that DSM keeps what it holds: a
// missing or empty section, a total that rounds to 0 GB, a device whose
// inventory failed; the same holds after the hooks (see Hooks). A device
// whose inventory request failed is still sent with the fields of the
// device list (KindInventoryFailed); missing sections are noted as
// KindInventoryIncomplete and an inventory OME has not collected yet as
// KindInventoryPending. These notes are not failures.
//
// # Service tags
//
// DSM keys servers by service tag and links them to the vCenter host with
// that serial number, so only a usable tag is sent (CheckServiceTag): not
// empty; not a placeholder word that boards, BIOS defaults and BMCs put
// there when they have no tag ("N/A", "None", "Null", "Unknown", "TBD",
// "Default", "Serial", "Changeme", "Not Specified", "To Be Filled By
// O.E.M.", "System Serial Number", ...), alone or with a digit or two
// ("TBD12"); only A-Z and 0-9, 5 to 20 characters (Dell tags have 7;
// other vendors' serial numbers for third-party sleds run longer); and
// not filler: one character repeated ("0000000"), one character repeated
// and a final digit ("XXXXXXX1", "0000000001"), a run of digits up or
// down ("12345", "9876543") or of letters ("ABCDEFG"), nor any of these
// after a label "SN" or "SERIAL" ("SN000000"). Real Dell tags, with
// letters and digits in any mix ("4XJ2Z93", "1A2B3C4", "1234ABC"), pass.
// Other servers are skipped with their id, name and the reason.
//
// A device list entry the source could not decode (OMESource yields an
// *ome.DeviceDecodeError for it and reads on) fails that device alone: it
// is counted as seen and failed, named by its Id when that reads as a
// number, as KindUnreadableDevice, and the run goes on.
//
// A device id the source lists a second time is not filtered, counted or
// sent again: the repeat is noted as KindRepeatedDevice and the device
// keeps what its first listing gave. (OMESource does not repeat one: when
// OME's pages shift during the listing, the ome pager drops the repeat and
// ends the listing with ome.ErrIncompleteListing, so the run fails.)
//
// Two devices that pass the filters with the same normalized tag are both
// reported, each naming the other (KindDuplicateServiceTag). The first one
// listed is kept and the later one is not sent, so neither silently
// replaces the other in DSM. OMESource lists in Id order, also when
// WithListOptions sets a filter but no order, so the kept device is the
// one with the lower id, run after run.
//
// # Hooks
//
// A Hook (WithHook) runs after the default mapping with the device, its
// inventory (nil when unavailable) and the record. It may change fields,
// add fields to rec.Extra (they travel in the same JSON object), or return
// Skip(reason) to leave the device out (KindHookSkipped). Any other error
// fails that device alone (KindHookFailed), and so does a panic, which is
// recovered and reported as a *PanicError (Op PanicInHook) with its value
// and stack. A hook that changes the service tag must leave a usable one,
// which is checked for duplicates again. In a run with hooks the tags are
// claimed in listing order, whichever hook finishes first, so the device
// kept of two that end with one tag is still the one listed first; a
// device whose hook moved it to another tag leaves its listed tag free for
// the others.
//
// Hooks run only on devices that pass the filters with a usable listed
// service tag: a device whose tag is unusable is skipped
// (KindUnusableServiceTag) as it is listed, before its inventory is read,
// so no hook can rescue it. The tag is the key DSM upserts by and the run
// claims tags in listing order, so a device enters the run only with a
// key. To supply tags that OME lacks (say, from a CMDB), wrap the Source
// and set DeviceServiceTag on the devices its Devices yields; the device
// is then checked and claimed with that tag like any other.
//
// A hook that sets a standard field to "" (or only white space) or a
// number of 0 or less sets it to an unknown value, which DSM would store
// over the good one: the field is left out of the record and the device
// gets a note naming it (KindHookEmptyField); it is still sent. Extra
// fields are sent as the hook left them, empty or not.
//
// After the hooks the record is checked as the sink would encode it
// (json.Marshal of the dsm.Record, which refuses an Extra key that is empty
// or names a standard field such as "hostname", and a value JSON cannot
// encode, such as NaN or a channel): a record that does not encode fails
// that device alone (KindHookFailed, the reason naming the field), so it
// cannot fail the batch it would have joined. A hook may not change
// device_id, by which the report and the sink's answers find a device: a
// record whose device_id differs from the OME Id fails the same way.
//
// # Concurrency
//
// Run streams: one goroutine lists devices page by page and hands each one
// that passes the filters to WithConcurrency workers (New refuses more
// than MaxConcurrency, 64), which read the inventory, map and run the
// hooks. One goroutine counts outcomes, fills batches of WithBatchSize
// records (100 by default, at most MaxBatchSize, DSM's 500) and sends
// each batch as it fills. Memory holds a few pages, the devices in flight,
// one batch, a map of service tags to device ids and the set of ids
// listed; it does not hold the fleet's devices.
//
// The default of 4 workers is a choice, not a measured limit: it is what
// the community OME management pack for VMware Aria Operations uses. Dell
// documents no rate limit for OME and none is reported; what it documents
// is a cap of API sessions per user (100 by default), which the workers do
// not add to as they share one session, and the appliance's own speed
// (Dell's scripts note 6-7 minutes to list 8,000 devices). Against a
// simulator that answers every request in 5 ms however many arrive,
// BenchmarkConcurrency synced 165, 596, 1,108 and 1,796 servers/s with 1,
// 4, 8 and 16 workers (on 2 shared cores). A real appliance slows under load at a point not
// measured here: raise WithConcurrency while its inventory requests stay
// as fast, and lower it when the appliance's UI or other clients suffer.
//
// Cancelling ctx stops the listing and the workers, sends nothing more,
// closes the source with a fresh 10 s deadline, and returns the report of
// what was done with the context's error. Of a batch in the middle of its
// send (a split one, say), the parts the sink answered are counted as
// usual, and only the records of parts that failed with the context's
// error count as unfinished.
//
// # Reports
//
// Run returns a Report: how many devices were seen, filtered, skipped,
// sent, new, updated, auto-linked, failed and left unfinished, and how
// many records the sink's answers left unaccounted for; per-device
// problems with their kind and reason; the duration; and the requests made
// (from sources and sinks that are RequestCounters). One device failing
// (a hook error, a panic in a hook, a filter, the mapping or the source's
// Inventory, a refused record) or one batch failing never stops the
// others; they are counted as Failed and listed as problems, and Run's
// error stays nil. The exception is a sink error that every later batch
// would meet too (DSM refuses the token, or has no sync function at the
// URL), or a sink that panicked: the run then stops as if cancelled and
// returns that error. A ctx that has ended before Run starts nothing: no
// request is sent, and Run returns a report of nothing done with ctx's
// error wrapped. Report.Incomplete is true when something failed, was
// left unfinished or is unaccounted for.
//
// DSM's answer to each batch is checked against the batch. A refusal in
// its errors list is matched to a record by device_id, else by normalized
// service tag, and fails that device (KindRejected). Refusals that name no
// record of the batch, an error count (summary.errors) above the refusals
// matched, and a total (summary.total) other than the records answered
// for are reported once per batch, with the batch's size and DSM's
// messages (KindUnmatchedRefusal, KindSummaryMismatch), and counted in
// Report.Unaccounted: the batch's devices still count as sent, as DSM named
// none of them, but the run is Incomplete.
//
// WithDryRun writes the records as JSON lines instead of posting them.
// WithProgress reports counts as the run goes, for a UI. WithLogger logs
// through log/slog with attributes (device_id, name, service_tag, kind,
// reason); the default logs nothing. At Info level a run logs "sync
// started", "listing finished" (devices: how many distinct devices the
// source listed) once the listing is complete, "batch sent" for each batch
// (in a dry run "dry run: batch written", as nothing is posted), and "sync
// finished" with the totals; problems and failed batches are logged at
// Warn level, filtered devices at Debug level, and a run that stops early
// ends with "sync stopped" at Error level. Records and problems carry no
// credentials, and nothing here logs one.
package syncer
