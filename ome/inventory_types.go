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
	DeviceID          int64
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

// Processor is a serverProcessors entry (one populated socket).
type Processor struct {
	ID                   int64  `json:"Id"`
	Family               string `json:"Family"`
	MaxSpeed             int    `json:"MaxSpeed"`
	CurrentSpeed         int    `json:"CurrentSpeed"`
	SlotNumber           string `json:"SlotNumber"`
	Status               int    `json:"Status"`
	NumberOfCores        int    `json:"NumberOfCores"`
	NumberOfEnabledCores int    `json:"NumberOfEnabledCores"`
	BrandName            string `json:"BrandName"`
	ModelName            string `json:"ModelName"`
	InstanceID           string `json:"InstanceId"`
	Voltage              string `json:"Voltage"`
}

// MemoryDevice is a serverMemoryDevices entry (one populated DIMM).
type MemoryDevice struct {
	ID                    int64      `json:"Id"`
	Name                  string     `json:"Name"`
	BankName              string     `json:"BankName"`
	Size                  MemorySize `json:"Size"`
	Status                int        `json:"Status"`
	Manufacturer          string     `json:"Manufacturer"`
	PartNumber            string     `json:"PartNumber"`
	SerialNumber          string     `json:"SerialNumber"`
	TypeDetails           string     `json:"TypeDetails"`
	ManufacturerDate      string     `json:"ManufacturerDate"`
	Speed                 int        `json:"Speed"`
	CurrentOperatingSpeed int        `json:"CurrentOperatingSpeed"`
	Rank                  string     `json:"Rank"`
	InstanceID            string     `json:"InstanceId"`
	DeviceDescription     string     `json:"DeviceDescription"`
}

// MemorySize is a DIMM size in MB. OME sends an integer number of MB; a
// string with an explicit unit ("16 GB") is converted; anything else keeps
// its text in Invalid and MB stays 0.
// TODO: UnmarshalJSON/MarshalJSON.
type MemorySize struct {
	MB      int64
	Invalid string
}

// Software is a deviceSoftware entry.
type Software struct {
	Version           string `json:"Version"`
	InstallationDate  string `json:"InstallationDate"`
	Status            string `json:"Status"`
	SoftwareType      string `json:"SoftwareType"`
	VendorID          string `json:"VendorId"`
	SubDeviceID       string `json:"SubDeviceId"`
	SubVendorID       string `json:"SubVendorId"`
	ComponentID       string `json:"ComponentId"`
	PCIDeviceID       string `json:"PciDeviceId"`
	DeviceDescription string `json:"DeviceDescription"`
	InstanceID        string `json:"InstanceId"`
}

// NetworkInterface is a serverNetworkInterfaces entry.
// TODO: Ports and Partitions.
type NetworkInterface struct {
	NicID      string `json:"NicId"`
	VendorName string `json:"VendorName"`
}

// OperatingSystem is a serverOperatingSystems entry.
type OperatingSystem struct {
	ID        int64  `json:"Id"`
	OsName    string `json:"OsName"`
	OsVersion string `json:"OsVersion"`
	Hostname  string `json:"Hostname"`
}

// PowerSupply is a serverPowerSupplies entry.
// TODO: the remaining fields.
type PowerSupply struct {
	ID              int64  `json:"Id"`
	Name            string `json:"Name"`
	OutputWatts     int    `json:"OutputWatts"`
	FirmwareVersion string `json:"FirmwareVersion"`
	Model           string `json:"Model"`
	SerialNumber    string `json:"SerialNumber"`
	Status          int    `json:"Status"`
	State           string `json:"State"`
}

// ArrayDisk is a serverArrayDisks entry. Sizes are strings in GB.
// TODO: the remaining fields.
type ArrayDisk struct {
	ID           int64  `json:"Id"`
	SerialNumber string `json:"SerialNumber"`
	ModelNumber  string `json:"ModelNumber"`
	Size         string `json:"Size"`
	MediaType    string `json:"MediaType"`
	Status       int    `json:"Status"`
}
