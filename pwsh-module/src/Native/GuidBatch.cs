using System;

namespace ImmutableId.Native;

/// <summary>
/// GUIDs laid end to end for the core's packed conversion (iid_guids_to_immutable_ids): 16
/// bytes each in Guid.ToByteArray() order, and, once converted, their ImmutableIds. Only
/// layout. Buffers grow to <see cref="Capacity"/> and are kept across calls, so converting
/// one GUID per ProcessRecord allocates nothing but its string.
/// </summary>
internal sealed class GuidBatch
{
    /// <summary>GUIDs per core call: amortises the call, and bounds the buffers.</summary>
    public const int Capacity = 4096;

    internal byte[] Guids = new byte[16 * 16];
    internal byte[] Output = new byte[16 * 24];
    public string[] ImmutableIds = new string[16];

    public int Count;

    public bool IsFull => Count >= Capacity;

    public void Clear() => Count = 0;

    public unsafe void Add(Guid guid)
    {
        if (Count == ImmutableIds.Length)
        {
            int size = Math.Min(Capacity, Count * 2);
            Array.Resize(ref Guids, size * 16);
            Array.Resize(ref Output, size * 24);
            Array.Resize(ref ImmutableIds, size);
        }
        if (BitConverter.IsLittleEndian)
        {
            // A little-endian machine holds a Guid in Guid.ToByteArray() order.
            fixed (byte* slot = &Guids[Count * 16])
            {
                *(Guid*)slot = guid;
            }
        }
        else
        {
            Buffer.BlockCopy(guid.ToByteArray(), 0, Guids, Count * 16, 16);
        }
        Count++;
    }
}
