package ome

import "encoding/json"

// Device is one entry of GET /api/DeviceService/Devices.
// Fields follow the appliance's JSON; null values decode to the zero value
// unless the field is a pointer, and unknown fields are ignored.
type Device struct {
	// ODataID is the device's API path and ODataType its OData type.
	ODataID   string `json:"@odata.id,omitempty"`
	ODataType string `json:"@odata.type,omitempty"`
	// ID is OME's device id, the key of every call about the device.
	ID int64 `json:"Id"`
	// Type is the kind of device: TypeServer, TypeChassis, ...
	Type DeviceType `json:"Type"`
	// Identifier is OME's own key, usually the service tag; not unique.
	Identifier string `json:"Identifier"`
	// DeviceServiceTag is the service tag as sent, not normalized.
	DeviceServiceTag string `json:"DeviceServiceTag"`
	// ChassisServiceTag is the tag of the chassis a sled sits in.
	ChassisServiceTag string `json:"ChassisServiceTag"`
	// Model is the model name, such as "PowerEdge R650".
	Model string `json:"Model"`
	// PowerState, ManagedState and Status (health) are OME's codes; see
	// their constants.
	PowerState   PowerState   `json:"PowerState"`
	ManagedState ManagedState `json:"ManagedState"`
	Status       HealthStatus `json:"Status"`
	// ConnectionState is true while OME can reach the device.
	ConnectionState bool `json:"ConnectionState"`
	// AssetTag is the asset tag; nil when OME sent null.
	AssetTag *string `json:"AssetTag"`
	// SystemID is Dell's numeric id of the platform (the model).
	SystemID int64 `json:"SystemId"`
	// DeviceName is the name OME shows: a host name, or an address.
	DeviceName string `json:"DeviceName"`
	// LastInventoryTime is when OME last collected the inventory, and
	// LastStatusTime when it last read the health; nil when null.
	LastInventoryTime *Timestamp `json:"LastInventoryTime"`
	LastStatusTime    *Timestamp `json:"LastStatusTime"`
	// DeviceSubscription is as sent; nil when null.
	DeviceSubscription *string `json:"DeviceSubscription"`
	// DeviceCapabilities lists what OME can do with the device.
	DeviceCapabilities DeviceCapabilities `json:"DeviceCapabilities"`
	// SlotConfiguration describes a sled's chassis slot, as sent.
	SlotConfiguration map[string]any `json:"SlotConfiguration"`
	// DeviceManagement lists the management interfaces (the iDRAC's, an
	// OS agent's) with their addresses and names.
	DeviceManagement []DeviceManagement `json:"DeviceManagement"`
	// Enabled and ConnectionStateReason are as sent; nil when absent.
	Enabled               *bool `json:"Enabled"`
	ConnectionStateReason *int  `json:"ConnectionStateReason"`
	// ChassisIP is the address of a sled's chassis.
	ChassisIP string `json:"ChassisIp"`
	// Actions is kept as sent (null on every appliance seen).
	Actions json.RawMessage `json:"Actions"`

	// DiscoveryConfigurationJobInformation names the discovery jobs that
	// found the device.
	DiscoveryConfigurationJobInformation []DiscoveryJob `json:"DiscoveryConfigurationJobInformation"`

	// DeviceLinks are the links to the device's related resources; its
	// fields read as fields of Device.
	DeviceLinks
}

// DeviceLinks are the links OME sends with a device to its related
// resources, as sent: API paths such as
// "/api/DeviceService/Devices(25114)/InventoryDetails". A link OME did not
// send is "" or nil. The package does not follow them. Each field is the
// link of the resource it names: the ...Link strings come from
// "<Name>@odata.navigationLink", the *ODataLink fields from "<Name>".
type DeviceLinks struct {
	InventoryDetailsLink   string `json:"InventoryDetails@odata.navigationLink,omitempty"`
	SubSystemHealthLink    string `json:"SubSystemHealth@odata.navigationLink,omitempty"`
	HardwareLogsLink       string `json:"HardwareLogs@odata.navigationLink,omitempty"`
	RecentActivityLink     string `json:"RecentActivity@odata.navigationLink,omitempty"`
	SettingsLink           string `json:"Settings@odata.navigationLink,omitempty"`
	PowerUsageByDeviceLink string `json:"PowerUsageByDevice@odata.navigationLink,omitempty"`
	DeviceBladeSlotsLink   string `json:"DeviceBladeSlots@odata.navigationLink,omitempty"`
	SensorHealthLink       string `json:"SensorHealth@odata.navigationLink,omitempty"`

	VirtualSession *ODataLink `json:"VirtualSession,omitempty"`
	Baselines      *ODataLink `json:"Baselines,omitempty"`
	InventoryTypes *ODataLink `json:"InventoryTypes,omitempty"`
	LogSeverities  *ODataLink `json:"LogSeverities,omitempty"`
	Temperature    *ODataLink `json:"Temperature,omitempty"`
	Power          *ODataLink `json:"Power,omitempty"`
	SystemUpTime   *ODataLink `json:"SystemUpTime,omitempty"`
	BlinkStatus    *ODataLink `json:"BlinkStatus,omitempty"`
	GraphicInfo    *ODataLink `json:"GraphicInfo,omitempty"`
	DeployRequired *ODataLink `json:"DeployRequired,omitempty"`
}

// ODataLink is a link object, {"@odata.id": "/api/..."}.
type ODataLink struct {
	// ODataID is the linked resource's API path.
	ODataID string `json:"@odata.id"`
}

// DiscoveryJob names the discovery job that found a device.
type DiscoveryJob struct {
	// GroupID is the discovery configuration group's id, as sent.
	GroupID string `json:"GroupId"`
	// CreatedBy is the user who created the job.
	CreatedBy string `json:"CreatedBy"`
	// DiscoveryJobName is the job's name.
	DiscoveryJobName string `json:"DiscoveryJobName"`
}

// DeviceManagement is one management interface of a device.
type DeviceManagement struct {
	// ManagementID is the interface's id.
	ManagementID int64 `json:"ManagementId"`
	// NetworkAddress is its IP address as sent (Addr reads it).
	NetworkAddress string `json:"NetworkAddress"`
	// MacAddress is its MAC address.
	MacAddress string `json:"MacAddress"`
	// ManagementType is OME's code for the kind of interface.
	ManagementType int `json:"ManagementType"`
	// InstrumentationName is the name the agent reports: for an OS
	// agent, usually the OS host name.
	InstrumentationName string `json:"InstrumentationName"`
	// DNSName is the interface's DNS name (for the iDRAC, the iDRAC's).
	DNSName string `json:"DnsName"`
	// ManagementProfile lists the agents behind the interface.
	ManagementProfile []ManagementProfile `json:"ManagementProfile"`
}

// ManagementProfile is an agent (usually the iDRAC) behind a management interface.
type ManagementProfile struct {
	// ManagementProfileID is the profile's id and ProfileID OME's name
	// for the protocol it uses.
	ManagementProfileID int64  `json:"ManagementProfileId"`
	ProfileID           string `json:"ProfileId"`
	// ManagementID is the id of the interface it belongs to.
	ManagementID int64 `json:"ManagementId"`
	// AgentName names the agent, such as "iDRAC".
	AgentName string `json:"AgentName"`
	// Version is the agent's version (for the iDRAC, its firmware).
	Version string `json:"Version"`
	// ManagementURL is the agent's own URL, such as the iDRAC's web UI.
	ManagementURL string `json:"ManagementURL"`
	// HasCreds and Status are OME's codes, as sent.
	HasCreds int `json:"HasCreds"`
	Status   int `json:"Status"`
	// StatusDateTime is when OME last heard from the agent; nil when null.
	StatusDateTime *Timestamp `json:"StatusDateTime"`
}
