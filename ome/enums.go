package ome

import "strconv"

// DeviceType is OME's device type code.
type DeviceType int

// Device types from GET /api/DeviceService/DeviceType.
const (
	TypeServer     DeviceType = 1000
	TypeChassis    DeviceType = 2000
	TypeStorage    DeviceType = 3000
	TypeNetworkIOM DeviceType = 4000
	TypeStorageIOM DeviceType = 8000
)

// HealthStatus is a device's health rollup.
type HealthStatus int

// Health status codes.
const (
	StatusNormal   HealthStatus = 1000
	StatusUnknown  HealthStatus = 2000
	StatusWarning  HealthStatus = 3000
	StatusCritical HealthStatus = 4000
	StatusNone     HealthStatus = 5000
)

// PowerState is a device's power state.
type PowerState int

// Power states.
const (
	PowerOn          PowerState = 17
	PowerOff         PowerState = 18
	PowerPoweringOn  PowerState = 20
	PowerPoweringOff PowerState = 21
)

// ManagedState says how OME manages a device.
type ManagedState int

// ManagedStateManaged is the only managed state seen on appliances.
const ManagedStateManaged ManagedState = 3000

var (
	deviceTypeNames = map[DeviceType]string{
		TypeServer: "Server", TypeChassis: "Chassis", TypeStorage: "Storage",
		TypeNetworkIOM: "NetworkIOM", TypeStorageIOM: "StorageIOM",
	}
	healthNames = map[HealthStatus]string{
		StatusNormal: "Normal", StatusUnknown: "Unknown", StatusWarning: "Warning",
		StatusCritical: "Critical", StatusNone: "NoStatus",
	}
	powerNames = map[PowerState]string{
		PowerOn: "On", PowerOff: "Off", PowerPoweringOn: "PoweringOn",
		PowerPoweringOff: "PoweringOff",
	}
	managedNames = map[ManagedState]string{ManagedStateManaged: "Managed"}
)

// enumString names v, or writes "Kind(number)" for a value it does not know.
func enumString[T ~int](names map[T]string, kind string, v T) string {
	if s, ok := names[v]; ok {
		return s
	}
	return kind + "(" + strconv.Itoa(int(v)) + ")"
}

// String names the type, e.g. "Server"; unknown codes read "DeviceType(1234)".
func (t DeviceType) String() string { return enumString(deviceTypeNames, "DeviceType", t) }

// String names the status, e.g. "Warning"; unknown codes keep their number.
func (s HealthStatus) String() string { return enumString(healthNames, "HealthStatus", s) }

// String names the state, e.g. "On"; unknown codes keep their number.
func (p PowerState) String() string { return enumString(powerNames, "PowerState", p) }

// String names the state, e.g. "Managed"; unknown codes keep their number.
func (m ManagedState) String() string { return enumString(managedNames, "ManagedState", m) }
