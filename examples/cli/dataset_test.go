package main

import "github.com/dsmtools/omesync/internal/testserver/omesim"

// handDevices is a small fleet written by hand in OME's JSON shapes:
//
//   - 10101 E2ETAG1: a server with full inventory, a BIOS update staged
//     beside the installed one, tag sent with spaces and lower case;
//   - 10102 E2ETAG2: a server named by its IP, whose first management
//     entry is unusable and whose address is IPv6; no inventory applies;
//   - 10103: a chassis (filtered out);
//   - 10104: a server without a service tag (skipped), whose Identifier
//     must not be used instead.
func handDevices() []omesim.Device {
	return []omesim.Device{serverA(), serverB(), chassis(), noTag()}
}

func serverA() omesim.Device {
	return omesim.Device{
		Object: map[string]any{
			"Id": 10101, "Type": 1000, "Identifier": "E2ETAG1", "DeviceServiceTag": " e2etag1 ",
			"ChassisServiceTag": "E2ETAG1", "Model": "PowerEdge R650 ", "PowerState": 17,
			"ManagedState": 3000, "Status": 1000, "ConnectionState": true, "SystemId": 2300,
			"DeviceName": "esx-a01.example.com", "DeviceCapabilities": []int{1, 2, 3},
			"DeviceManagement": []map[string]any{{
				"ManagementId": 501, "NetworkAddress": "192.0.2.41", "MacAddress": "00:00:5e:00:53:01",
				"ManagementType": 2, "InstrumentationName": "esx-a01", "DnsName": "idrac-a01.example.com",
				"ManagementProfile": []map[string]any{{
					"ManagementProfileId": 501, "ProfileId": "WSMAN_OOB", "ManagementId": 501,
					"AgentName": "iDRAC", "Version": "7.00.60.00", "ManagementURL": "https://192.0.2.41:443",
					"HasCreds": 0, "Status": 1000, "StatusDateTime": "2025-11-06 14:00:00.000",
				}},
			}},
		},
		Inventory: map[string][]map[string]any{
			"serverProcessors": {
				{"Id": 1, "Family": "Intel(R) Xeon(R)", "NumberOfCores": 16, "SlotNumber": "CPU.Socket.1"},
				{"Id": 2, "Family": "Intel(R) Xeon(R)", "NumberOfCores": 16, "SlotNumber": "CPU.Socket.2"},
			},
			"serverMemoryDevices": {
				{"Id": 1, "Name": "DIMM.Socket.A1", "Size": 16384},
				{"Id": 2, "Name": "DIMM.Socket.A2", "Size": 16384},
				{"Id": 3, "Name": "DIMM.Socket.B1", "Size": 16384},
				{"Id": 4, "Name": "DIMM.Socket.B2", "Size": 32768},
			},
			"deviceSoftware": {
				{"SoftwareType": "BIOS", "Version": "1.13.2", "Status": "Installed",
					"InstanceId": "DCIM:INSTALLED#741__BIOS.Setup.1-1", "DeviceDescription": "BIOS"},
				{"SoftwareType": "BIOS", "Version": "1.14.0", "Status": "Available",
					"InstanceId": "DCIM:CURRENT#741__BIOS.Setup.1-1", "DeviceDescription": "BIOS"},
				{"SoftwareType": "FRMW", "Version": "7.00.60.00", "Status": "Installed",
					"InstanceId":        "DCIM:INSTALLED#iDRAC.Embedded.1-1#IDRACinfo",
					"DeviceDescription": "Integrated Dell Remote Access Controller"},
			},
		},
	}
}

func serverB() omesim.Device {
	return omesim.Device{Object: map[string]any{
		"Id": 10102, "Type": 1000, "Identifier": "E2ETAG2", "DeviceServiceTag": "E2ETAG2",
		"ChassisServiceTag": "E2ETAG2", "Model": "PowerEdge R760", "PowerState": 17,
		"ManagedState": 3000, "Status": 1000, "ConnectionState": true, "SystemId": 2301,
		"DeviceName": "198.51.100.7", "DeviceCapabilities": []int{1, 2},
		"DeviceManagement": []map[string]any{
			{"ManagementId": 601, "NetworkAddress": "[::]", "ManagementType": 2},
			{"ManagementId": 602, "NetworkAddress": "[2001:db8::42]", "ManagementType": 2,
				"InstrumentationName": "esx-b02.example.com"},
		},
	}}
}

func chassis() omesim.Device {
	return omesim.Device{Object: map[string]any{
		"Id": 10103, "Type": 2000, "Identifier": "E2ECHS1", "DeviceServiceTag": "E2ECHS1",
		"Model": "PowerEdge MX7000", "DeviceName": "mx-chassis-1", "DeviceManagement": []map[string]any{},
	}}
}

func noTag() omesim.Device {
	return omesim.Device{Object: map[string]any{
		"Id": 10104, "Type": 1000, "Identifier": "E2EIDENT", "DeviceServiceTag": "",
		"Model": "PowerEdge R640", "DeviceName": "esx-c03.example.com",
		"DeviceManagement": []map[string]any{{"NetworkAddress": "192.0.2.43"}},
	}}
}

// wantStore is the DSM store after syncing handDevices, written by hand
// from MAPPING.md: tags trimmed and upper-cased, the installed BIOS (not
// the staged 1.14.0), the iDRAC row of deviceSoftware, 2 sockets,
// 16+16+16+32 GB = 80 GB; for 10102 the host name of the management
// entry and the IPv6 address without brackets, and no inventory fields
// at all (unknown is left out, never 0 or "").
func wantStore() map[string]map[string]any {
	return map[string]map[string]any{
		"E2ETAG1": {
			"device_id": "10101", "service_tag": "E2ETAG1", "model": "PowerEdge R650",
			"hostname": "esx-a01.example.com", "ip_address": "192.0.2.41",
			"bios_version": "1.13.2", "idrac_firmware": "7.00.60.00", "cpu_count": 2, "memory_gb": 80,
		},
		"E2ETAG2": {
			"device_id": "10102", "service_tag": "E2ETAG2", "model": "PowerEdge R760",
			"hostname": "esx-b02.example.com", "ip_address": "2001:db8::42",
		},
	}
}
