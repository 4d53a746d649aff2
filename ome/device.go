package ome

import "encoding/json"

// Device is one entry of GET /api/DeviceService/Devices.
// Fields follow the appliance's JSON; null values decode to the zero value
// unless the field is a pointer, and unknown fields are ignored.
type Device struct {
	ODataID               string             `json:"@odata.id,omitempty"`
	ODataType             string             `json:"@odata.type,omitempty"`
	ID                    int64              `json:"Id"`
	Type                  DeviceType         `json:"Type"`
	Identifier            string             `json:"Identifier"`
	DeviceServiceTag      string             `json:"DeviceServiceTag"`
	ChassisServiceTag     string             `json:"ChassisServiceTag"`
	Model                 string             `json:"Model"`
	PowerState            PowerState         `json:"PowerState"`
	ManagedState          ManagedState       `json:"ManagedState"`
	Status                HealthStatus       `json:"Status"`
	ConnectionState       bool               `json:"ConnectionState"`
	AssetTag              *string            `json:"AssetTag"`
	SystemID              int64              `json:"SystemId"`
	DeviceName            string             `json:"DeviceName"`
	LastInventoryTime     *Timestamp         `json:"LastInventoryTime"`
	LastStatusTime        *Timestamp         `json:"LastStatusTime"`
	DeviceSubscription    *string            `json:"DeviceSubscription"`
	DeviceCapabilities    DeviceCapabilities `json:"DeviceCapabilities"`
	SlotConfiguration     map[string]any     `json:"SlotConfiguration"`
	DeviceManagement      []DeviceManagement `json:"DeviceManagement"`
	Enabled               *bool              `json:"Enabled"`
	ConnectionStateReason *int               `json:"ConnectionStateReason"`
	ChassisIP             string             `json:"ChassisIp"`
	// Actions is kept as sent (null on every appliance seen).
	Actions json.RawMessage `json:"Actions"`

	DiscoveryConfigurationJobInformation []DiscoveryJob `json:"DiscoveryConfigurationJobInformation"`

	// DeviceLinks are the links to the device's related resources; its
	// fields read as fields of Device.
	DeviceLinks
}

// DeviceLinks are the links OME sends with a device to its related
// resources, as sent: API paths such as
// "/api/DeviceService/Devices(25114)/InventoryDetails". A link OME did not
// send is "" or nil. The package does not follow them.
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
	ODataID string `json:"@odata.id"`
}

// DiscoveryJob names the discovery job that found a device.
type DiscoveryJob struct {
	GroupID          string `json:"GroupId"`
	CreatedBy        string `json:"CreatedBy"`
	DiscoveryJobName string `json:"DiscoveryJobName"`
}

// DeviceManagement is one management interface of a device.
type DeviceManagement struct {
	ManagementID        int64               `json:"ManagementId"`
	NetworkAddress      string              `json:"NetworkAddress"`
	MacAddress          string              `json:"MacAddress"`
	ManagementType      int                 `json:"ManagementType"`
	InstrumentationName string              `json:"InstrumentationName"`
	DNSName             string              `json:"DnsName"`
	ManagementProfile   []ManagementProfile `json:"ManagementProfile"`
}

// ManagementProfile is an agent (usually the iDRAC) behind a management interface.
type ManagementProfile struct {
	ManagementProfileID int64      `json:"ManagementProfileId"`
	ProfileID           string     `json:"ProfileId"`
	ManagementID        int64      `json:"ManagementId"`
	AgentName           string     `json:"AgentName"`
	Version             string     `json:"Version"`
	ManagementURL       string     `json:"ManagementURL"`
	HasCreds            int        `json:"HasCreds"`
	Status              int        `json:"Status"`
	StatusDateTime      *Timestamp `json:"StatusDateTime"`
}
