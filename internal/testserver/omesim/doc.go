// Package omesim is an in-process simulator of a Dell OpenManage
// Enterprise (OME) appliance, faithful to the facts in
// ../shared/ome-api.md §10. It serves HTTPS with a self-signed certificate
// on an httptest server and writes JSON in the appliance's own shapes; it
// imports nothing from the ome, dsm or syncer packages, so a wrong field
// name in a client cannot hide behind the same wrong name here.
//
//	srv := omesim.Start(omesim.Config{Devices: omesim.Quirks()})
//	defer srv.Close()
//	// point a client at srv.URL() with srv.Client() or srv.CACertPEM()
//
// # Sessions
//
// POST /api/SessionService/Sessions with {UserName, Password, SessionType}
// answers 201, an X-Auth-Token header (32 hex digits) and the session body;
// SessionType must be "API" or "GUI". Wrong credentials answer 401
// (CGEN1001). More than Config.SessionCap live sessions for one user answer
// CURS1209 with Config.SessionLimitStatus. Every other endpoint needs the
// token (or HTTP Basic when Config.AllowBasic) and answers 401 with the
// error body for a missing, unknown or expired token. A session ends after
// Config.IdleTimeout without requests, on DELETE
// /api/SessionService/Sessions('<Id>') (204; the key must be quoted; an
// unknown Id answers 404), or on POST
// /api/SessionService/Actions/SessionService.Logoff (204). GET Sessions and
// GET SessionConfiguration are served too.
//
// # Devices and paging
//
// GET /api/DeviceService/Devices answers @odata.context, @odata.count (the
// filtered total) and value. Without $top a page holds Config.PageSize
// items; any $top is honoured and $top=0 returns only the count. When
// $skip+$top is below the count (always, with Config.NextLinkWithTop;
// never for $top=0) the page carries @odata.nextLink
// "/api/DeviceService/Devices?$skip=<skip+top>&$top=<top>", which, as on
// the appliance, drops the caller's $filter and $orderby. $orderby takes
// one of the filter properties with an optional asc or desc; without it
// devices come in a stable order that is not Id order. The non-OData
// Id=1,2,3 list filters too and is dropped from nextLink like $filter.
// $count, $select and $expand are ignored. AddDevices and RemoveDevices
// change the collection while the server runs, for tests of listings that
// change between pages. Query values are decoded with path rules, so a raw
// '+' is a plus sign, not a space: a client that encodes spaces as '+'
// gets 400, as on the appliance. GET Devices(<Id>) returns one device or
// 404 (CGEN1004).
//
// $filter understands eq, ne, gt, ge, lt and le; and, or, not and
// parentheses; integers, 'strings' (a quote inside is doubled) and null;
// contains(Property,'text'); and DeviceManagement/any(d:d/NetworkAddress
// eq '…') or any(d:contains(d/NetworkAddress,'…')). Properties: Id, Type,
// Identifier, DeviceServiceTag, ChassisServiceTag, DeviceName, Model,
// PowerState, Status, SystemId. Anything else answers 400 with the error
// body.
//
// GET /api/GroupService/Groups lists three groups: 1010 "Servers" (Type
// 1000), 1011 "Chassis" (Type 2000) and 10001 "Rack A" (servers with an
// odd Id). GET Groups(<Id>)/Devices pages and filters like the device
// collection. GET /api/DeviceService/DeviceType and
// /api/ApplicationService/Info (Version from Config.Version) are served.
//
// # Inventory
//
// GET /api/DeviceService/Devices(<Id>)/InventoryDetails returns every type
// the device has; InventoryDetails('<type>') returns one object. A type
// the device does not have answers 400 (CGEN1004, not applicable); an
// unknown device answers 404; a device with InventoryFails answers 500.
//
// # Faults and counters
//
// Requests fall in kinds: "login", "logout", "devices" (device collection
// pages, group members included), "device", "inventory" and "other".
// FailNext, HTMLNext, TruncateNext, MalformedNext and SlowNext queue a
// fault for the next n requests of a kind ("any" matches every kind), and
// RedirectNext answers 307 to the same URL; one fault applies per request,
// first queued first. An unknown kind panics. ExpireSessions ends all
// sessions now; ExpireAfter ends them after n more requests of a kind.
// SetLatency sets every request's answer time (the simulator's own work
// happens within it); Config.MaxInFlight answers 503 beyond a
// number of concurrent requests. Requests, RequestsByKind, Logins, Logouts,
// OpenSessions and PeakInFlight count what clients did. Every 4xx and 5xx
// answer except HTMLNext's is the standard error envelope with
// Content-Type application/json.
//
// # Generated devices
//
// Generate(seed, n) gives a deterministic fleet: per 20 devices, 10 rack
// servers, 3 MX sleds in their block's chassis, 3 MX7000 chassis, 2
// network IOMs (4000), 1 storage IOM (8000) and 1 PowerVault array (3000).
// Ids start at 20000; tags are 7 characters starting with a digit. Servers
// carry serverProcessors, serverMemoryDevices (Size in MB),
// serverNetworkInterfaces, serverOperatingSystems, serverPowerSupplies,
// serverArrayDisks, deviceLocation, deviceManagement, deviceSoftware
// (INSTALLED, CURRENT and PREVIOUS rows, shuffled) and
// subsystemRollupStatus; about one server in ten has no serverArrayDisks
// and one in twelve an empty serverOperatingSystems. Other devices carry
// deviceLocation, deviceManagement and deviceSoftware. About one server in
// seven lists a bracketed IPv6 entry before its IPv4 one, and one in twenty
// has its IPv4 address as DeviceName. IPv4 addresses come from the
// documentation ranges and repeat after 508 devices. Every device object
// carries a field no client knows (SimulatedFutureField). Generated devices
// store only a seed; Device.Full builds their JSON.
//
// # Quirk devices
//
// Quirks returns these devices, always the same. Values are exact; strings
// in the tag column are Go-quoted; null is JSON null. Every device has one
// DeviceManagement entry with the address shown unless the column lists
// several (in order) or "-" (empty array). Servers are PowerEdge R650
// (1209: MX750c) with ConnectionState true and Status 1000 unless noted.
//
//	Id    Type  DeviceServiceTag           DeviceName                 PowerState  NetworkAddress
//	1001  1000  "TST1001"                  esx1001.example.com        17          192.0.2.101
//	1002  1000  "TST1002"                  esx1002.example.com        17          192.0.2.102
//	1003  4000  "SWT1003"                  switch1003.example.com     17          192.0.2.103
//	1004  1000  "TST1004"                  esx1004.example.com        17          192.0.2.104
//	1201  1000  "TST1201"                  esx1201.example.com        17          192.0.2.121
//	1202  1000  "TST1202"                  esx1202.example.com        18          [2001:db8::122],192.0.2.122
//	1203  1000  "TST1203"                  esx1203.example.com        20          [2001:db8::123]
//	1204  1000  "TST1204"                  esx1204.example.com        17          -
//	1205  1000  "TST1205"                  192.0.2.125                21          192.0.2.125
//	1206  1000  "TST1206"                  2001:db8::126              99          [::]
//	1207  1000  "TST1207"                  localhost                  17          192.0.2.127
//	1208  1000  "TST1208"                  esx1208.example.com        17          192.0.2.128
//	1209  1000  "TST1209"                  esx1209.example.com        17          198.51.100.129
//	1210  1000  "TST1210"                  esx1210.example.com        17          192.0.2.130
//	1211  1000  "TST1211"                  esx1211.example.com        17          192.0.2.131
//	1701  1000  "tst1701 "                 esx1701.example.com        17          192.0.2.171
//	1702  1000  "\tTST1702"                esx1702.example.com        17          192.0.2.172
//	1710  1000  ""                         esx1710.example.com        17          192.0.2.180
//	1711  1000  null                       esx1711.example.com        17          192.0.2.181
//	1712  1000  "N/A"                      esx1712.example.com        17          192.0.2.182
//	1713  1000  "0000000"                  esx1713.example.com        17          192.0.2.183
//	1714  1000  "To Be Filled By O.E.M."   esx1714.example.com        17          192.0.2.184
//	1720  1000  "TST1720"                  esx1720.example.com        17          192.0.2.190
//	1721  1000  "tst1720 "                 esx1721.example.com        17          192.0.2.191
//	2101  1000  "TST2101"                  esx2101.example.com        17          192.0.2.211
//	2102  1000  "TST2102"                  esx2102.example.com        17          192.0.2.212
//	1301  2000  "TSTCH01"                  mx-chassis-01.example.com  17          198.51.100.31
//	1302  4000  "TSTIO02"                  IOM-TSTIO02                17          198.51.100.32
//	1303  8000  "TSTIO03"                  IOM-TSTIO03                17          198.51.100.33
//	1304  3000  "TSTST04"                  me5-01.example.com         17          198.51.100.34
//
// Server inventory: the number of serverProcessors rows, the Size of each
// serverMemoryDevices row (MB), the installed BIOS and iDRAC rows of
// deviceSoftware, and the iDRAC ManagementProfile versions in list order
// (the later StatusDateTime last). "-" means the type, row or profile is
// absent, "[]" an empty list, "fails" a 500 on every inventory call. Except
// on 1002, deviceSoftware also has DCIM:CURRENT (same version) and
// DCIM:PREVIOUS (1.9.2) BIOS rows, a DCIM:PREVIOUS iDRAC row (6.10.80.00)
// and a Lifecycle Controller row, shuffled.
//
//	Id    CPUs   Memory                    BIOS    iDRAC        Agents
//	1001  2      16384,16384,16384,16384   1.10.2  7.00.00.171  7.00.00.171
//	1002  -      []                        2.19.1  -            -
//	1004  -      -                         -       -            -
//	1201  2      16384,16384,16384,16384   1.10.2  7.00.00.171  7.00.00.171
//	1202  2      16384,16384,16384,16384   1.10.2  7.00.00.171  7.00.00.171,7.00.00.171
//	1203  2      16384,16384,16384,16384   1.10.2  7.00.00.171  7.00.00.171
//	1204  2      16384,16384,16384,16384   1.10.2  7.00.00.171  -
//	1205  2      16384,16384,16384,16384   1.10.2  7.00.00.171  7.00.00.171
//	1206  2      16384,16384,16384,16384   1.10.2  7.00.00.171  7.00.00.171
//	1207  2      16384,16384,16384,16384   1.10.2  7.00.00.171  7.00.00.171
//	1208  2      16384,16384,16384,16384   1.10.2  7.00.60.00   6.10.80.00,7.00.60.00
//	1209  2      16384,16384,16384,16384   1.10.2  7.00.00.171  7.00.00.171
//	1210  fails  fails                     fails   fails        6.10.80.00,7.10.30.00
//	1211  2      32768,32768               -       -            -
//	2101  2      16384,16384,32768         1.10.2  7.00.00.171  7.00.00.171
//	2102  2      16384,0                   1.10.2  7.00.00.171  7.00.00.171
//
// Every other server in the first table has the inventory of 1001.
//
// What each device is for:
//
//   - 1001: a normal server (cases B10, B12).
//   - 1002: serverProcessors missing, serverMemoryDevices empty, only a BIOS
//     software row, no iDRAC version anywhere (B10).
//   - 1003: a switch; InventoryDetails('serverProcessors') answers 400 (B10).
//   - 1004: never inventoried: ConnectionState false, Status 2000,
//     LastInventoryTime and LastStatusTime null, InventoryDetails empty (B10).
//   - 1201-1205: DeviceManagement shapes of B12: IPv4 only, bracketed IPv6
//     then IPv4, bracketed IPv6 only, none (ConnectionState false), and a
//     DeviceName that is the IP with InstrumentationName and DnsName "".
//   - 1206: only "[::]", an IPv6 DeviceName, PowerState 99 (unknown);
//     InstrumentationName esx1206.example.com.
//   - 1207: DeviceName "localhost"; InstrumentationName esx1207.example.com.
//   - 1208: two iDRAC profiles, the stale one first.
//   - 1209: MX sled: ChassisServiceTag "TSTCH01", ChassisIp 198.51.100.31.
//   - 1210: every inventory call answers 500; the iDRAC version is only in
//     the management profiles (latest StatusDateTime: 7.10.30.00).
//   - 1211: DeviceCapabilities in the old object form, BIOS 2.10.0 and
//     iDRAC 4.40.00.00; no deviceSoftware and no management profile.
//   - 1701, 1702: lower-case and padded tags (B17).
//   - 1710, 1711: empty and null DeviceServiceTag; 1710 has Identifier ""
//     and ChassisServiceTag null; 1711 has Identifier and ChassisServiceTag
//     "TST1711", which must not be used.
//   - 1712-1714: placeholder tags.
//   - 1720, 1721: the same tag after trimming and upper-casing.
//   - 2101: DIMMs of 16384, 16384 and 32768 MB, 64 GB in all (B21).
//   - 2102: a 0 MB DIMM beside a 16384 MB one (B21).
//   - 1301-1304: MX7000 chassis (ChassisServiceTag null), network IOM and
//     storage IOM in it, and a PowerVault array whose Identifier is the
//     serial number SIMSN1304ME5024.
//
// InstrumentationName is the DeviceName and DnsName is idrac-<tag in lower
// case> (idrac-<Id> for odd tags) unless noted above.
package omesim
