package ome

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

// TODO: String methods that keep unknown numbers.
