package ome

import "encoding/json"

// InventoryType names a section of a device's inventory.
type InventoryType string

// Inventory sections.
const (
	InventoryProcessors        InventoryType = "serverProcessors"
	InventoryMemory            InventoryType = "serverMemoryDevices"
	InventorySoftware          InventoryType = "deviceSoftware"
	InventoryNetworkInterfaces InventoryType = "serverNetworkInterfaces"
	InventoryOperatingSystems  InventoryType = "serverOperatingSystems"
	InventoryPowerSupplies     InventoryType = "serverPowerSupplies"
	InventoryArrayDisks        InventoryType = "serverArrayDisks"
)

// Inventory is what OME returned of a device's inventory. A typed slice is
// nil when its section was absent, not applicable or not collected.
type Inventory struct {
	// DeviceID is the id of the device the inventory is of.
	DeviceID int64
	// Processors to ArrayDisks are the typed sections, in the order of
	// the Inventory constants (serverProcessors ... serverArrayDisks).
	Processors        []Processor
	Memory            []MemoryDevice
	Software          []Software
	NetworkInterfaces []NetworkInterface
	OperatingSystems  []OperatingSystem
	PowerSupplies     []PowerSupply
	ArrayDisks        []ArrayDisk

	// Raw holds the InventoryInfo of every section returned, typed or not.
	Raw map[InventoryType]json.RawMessage
}

// Processor is a serverProcessors entry (one populated socket). Like the
// other inventory entries, it holds the JSON keys of its field names as
// OME sends them; the comments say what the names do not.
type Processor struct {
	ID     int64  `json:"Id"`
	Family string `json:"Family"`
	// MaxSpeed and CurrentSpeed are in MHz.
	MaxSpeed     int    `json:"MaxSpeed"`
	CurrentSpeed int    `json:"CurrentSpeed"`
	SlotNumber   string `json:"SlotNumber"`
	// Status is a health code in the codes of HealthStatus.
	Status               int    `json:"Status"`
	NumberOfCores        int    `json:"NumberOfCores"`
	NumberOfEnabledCores int    `json:"NumberOfEnabledCores"`
	BrandName            string `json:"BrandName"`
	ModelName            string `json:"ModelName"`
	// InstanceID is the iDRAC's name for the socket ("CPU.Socket.1").
	InstanceID string `json:"InstanceId"`
	Voltage    string `json:"Voltage"`
}

// MemoryDevice is a serverMemoryDevices entry (one populated DIMM).
type MemoryDevice struct {
	ID       int64  `json:"Id"`
	Name     string `json:"Name"`
	BankName string `json:"BankName"`
	// Size is the DIMM's size in MB, or why it is not known.
	Size MemorySize `json:"Size"`
	// Status is a health code in the codes of HealthStatus.
	Status                int    `json:"Status"`
	Manufacturer          string `json:"Manufacturer"`
	PartNumber            string `json:"PartNumber"`
	SerialNumber          string `json:"SerialNumber"`
	TypeDetails           string `json:"TypeDetails"`
	ManufacturerDate      string `json:"ManufacturerDate"`
	Speed                 int    `json:"Speed"`
	CurrentOperatingSpeed int    `json:"CurrentOperatingSpeed"`
	Rank                  string `json:"Rank"`
	// InstanceID is the iDRAC's name for the slot ("DIMM.Socket.A1").
	InstanceID        string `json:"InstanceId"`
	DeviceDescription string `json:"DeviceDescription"`
}

// MemorySize is a DIMM size in MB. OME sends an integer number of MB; a
// string with an explicit unit ("16 GB") is converted; anything else keeps
// its text in Invalid and MB stays 0. A null size is unknown, not 0:
// Invalid is "null"; a MemoryDevice decoded without a Size key has
// Invalid "missing".
type MemorySize struct {
	// MB is the size in MB; 0 when Invalid is set.
	MB int64
	// Invalid is the text of a size that could not be read, "null" or
	// "missing"; "" for a size that was read.
	Invalid string
}

// Software is a deviceSoftware entry: a firmware or driver image.
type Software struct {
	Version          string `json:"Version"`
	InstallationDate string `json:"InstallationDate"`
	// Status is "Installed" for the image in use; "Available" for one
	// staged or kept (see Inventory.BIOSVersion).
	Status string `json:"Status"`
	// SoftwareType is the kind of image, such as "BIOS" or "FRMW".
	SoftwareType      string `json:"SoftwareType"`
	VendorID          string `json:"VendorId"`
	SubDeviceID       string `json:"SubDeviceId"`
	SubVendorID       string `json:"SubVendorId"`
	ComponentID       string `json:"ComponentId"`
	PCIDeviceID       string `json:"PciDeviceId"`
	DeviceDescription string `json:"DeviceDescription"`
	// InstanceID names the image and its state, such as
	// "DCIM:INSTALLED#iDRAC.Embedded.1-1__...".
	InstanceID string `json:"InstanceId"`
}

// NetworkInterface is a serverNetworkInterfaces entry: one adapter.
type NetworkInterface struct {
	NicID      string    `json:"NicId"`
	VendorName string    `json:"VendorName"`
	Ports      []NICPort `json:"Ports"`
}

// NICPort is one port of a network adapter. LinkSpeed is in Mb/s.
type NICPort struct {
	PortID      string         `json:"PortId"`
	ProductName string         `json:"ProductName"`
	LinkStatus  string         `json:"LinkStatus"`
	LinkSpeed   int            `json:"LinkSpeed"`
	Partitions  []NICPartition `json:"Partitions"`
}

// NICPartition is one partition (function) of a NIC port.
type NICPartition struct {
	Fqdd                     string `json:"Fqdd"`
	CurrentMacAddress        string `json:"CurrentMacAddress"`
	PermanentMacAddress      string `json:"PermanentMacAddress"`
	PermanentIscsiMacAddress string `json:"PermanentIscsiMacAddress"`
	PermanentFcoeMacAddress  string `json:"PermanentFcoeMacAddress"`
	Wwn                      string `json:"Wwn"`
	Wwpn                     string `json:"Wwpn"`
	VirtualWwn               string `json:"VirtualWwn"`
	VirtualWwpn              string `json:"VirtualWwpn"`
	VirtualMacAddress        string `json:"VirtualMacAddress"`
	NicMode                  string `json:"NicMode"`
	FcoeMode                 string `json:"FcoeMode"`
	IscsiMode                string `json:"IscsiMode"`
	MinBandwidth             int    `json:"MinBandwidth"`
	MaxBandwidth             int    `json:"MaxBandwidth"`
}

// OperatingSystem is a serverOperatingSystems entry.
type OperatingSystem struct {
	ID        int64  `json:"Id"`
	OsName    string `json:"OsName"`
	OsVersion string `json:"OsVersion"`
	// Hostname is the host name the operating system reports.
	Hostname string `json:"Hostname"`
}

// PowerSupply is a serverPowerSupplies entry. An absent PSU reports a
// State such as "Absent".
type PowerSupply struct {
	ID                                  int64  `json:"Id"`
	Name                                string `json:"Name"`
	PowerSupplyType                     int    `json:"PowerSupplyType"`
	OutputWatts                         int    `json:"OutputWatts"`
	Location                            string `json:"Location"`
	RedundancyState                     string `json:"RedundancyState"`
	Status                              int    `json:"Status"`
	State                               string `json:"State"`
	FirmwareVersion                     string `json:"FirmwareVersion"`
	InputVoltage                        int    `json:"InputVoltage"`
	Model                               string `json:"Model"`
	Manufacturer                        string `json:"Manufacturer"`
	Range1MaxInputPowerWatts            int    `json:"Range1MaxInputPowerWatts"`
	SerialNumber                        string `json:"SerialNumber"`
	ActiveInputVoltage                  string `json:"ActiveInputVoltage"`
	InputPowerUnits                     string `json:"InputPowerUnits"`
	OperationalStatus                   string `json:"OperationalStatus"`
	Range1MaxInputVoltageHighMilliVolts int    `json:"Range1MaxInputVoltageHighMilliVolts"`
	RatedMaxOutputPower                 int    `json:"RatedMaxOutputPower"`
	RequestedState                      int    `json:"RequestedState"`
	AcInput                             bool   `json:"AcInput"`
	AcOutput                            bool   `json:"AcOutput"`
	SwitchingSupply                     bool   `json:"SwitchingSupply"`
}

// ArrayDisk is a serverArrayDisks entry. Size, FreeSpace and UsedSpace
// are strings in GB, as OME sends them.
type ArrayDisk struct {
	ID                          int64  `json:"Id"`
	DiskNumber                  string `json:"DiskNumber"`
	VendorName                  string `json:"VendorName"`
	Status                      int    `json:"Status"`
	StatusString                string `json:"StatusString"`
	ModelNumber                 string `json:"ModelNumber"`
	SerialNumber                string `json:"SerialNumber"`
	SasAddress                  string `json:"SasAddress"`
	Revision                    string `json:"Revision"`
	ManufacturedDay             int    `json:"ManufacturedDay"`
	ManufacturedWeek            int    `json:"ManufacturedWeek"`
	ManufacturedYear            int    `json:"ManufacturedYear"`
	EncryptionAbility           bool   `json:"EncryptionAbility"`
	FormFactor                  string `json:"FormFactor"`
	PartNumber                  string `json:"PartNumber"`
	PredictiveFailureState      string `json:"PredictiveFailureState"`
	EnclosureID                 string `json:"EnclosureId"`
	Channel                     int    `json:"Channel"`
	Size                        string `json:"Size"`
	FreeSpace                   string `json:"FreeSpace"`
	UsedSpace                   string `json:"UsedSpace"`
	BusType                     string `json:"BusType"`
	SlotNumber                  int    `json:"SlotNumber"`
	MediaType                   string `json:"MediaType"`
	RemainingReadWriteEndurance string `json:"RemainingReadWriteEndurance"`
	SecurityState               string `json:"SecurityState"`
	RaidStatus                  string `json:"RaidStatus"`
}
