namespace EnterpriseHub.Ingestion.Protobuf;

/// <summary>Protocol buffers wire types (protobuf encoding guide). Groups (3, 4) are not used by any message read here.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
