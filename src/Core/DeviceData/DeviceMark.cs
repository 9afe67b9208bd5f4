namespace EwcUpgrade.DeviceData;

/// <summary>
/// How sure the project is of a device fact (reference ewc-device.md): shown in the seed's real
/// captures, verified by a public capture or Cisco document, partial, or unconfirmed on an EWC.
/// </summary>
public enum DeviceMark
{
    Seed,
    V,
    P,
    U,
}
