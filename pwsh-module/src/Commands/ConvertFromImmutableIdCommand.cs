using System;
using System.Management.Automation;
using System.Text;
using ImmutableId.Native;

namespace ImmutableId.Commands;

/// <summary>What ConvertFrom-ImmutableId returns; the values are the core's OutputForm.</summary>
public enum ImmutableIdFormat
{
    Guid = 0,
    Hex = 1,
    LdapFilter = 2,
    DistinguishedName = 3,
    Bytes = 4,
}

/// <summary>Every form of one anchor (ConvertFrom-ImmutableId -Detailed).</summary>
public sealed class ImmutableIdInfo
{
    public string Input { get; set; } = "";
    public string ImmutableId { get; set; } = "";
    public bool IsGuidBased { get; set; }
    public Guid? Guid { get; set; }
    public string Hex { get; set; } = "";
    public string LdapFilter { get; set; } = "";
    public string DistinguishedName { get; set; } = "";
    public int ByteCount { get; set; }
}

/// <summary>
/// <para type="synopsis">Converts ImmutableIds or connector-space DNs to the GUID, hex, LDAP filter, DN or bytes.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "ImmutableId", DefaultParameterSetName = FormatSet)]
[OutputType(typeof(Guid), typeof(string), typeof(byte[]), ParameterSetName = new[] { FormatSet })]
[OutputType(typeof(ImmutableIdInfo), ParameterSetName = new[] { DetailedSet })]
public sealed class ConvertFromImmutableIdCommand : ImmutableIdCmdlet
{
    private const string FormatSet = "Format";
    private const string DetailedSet = "Detailed";

    /// <summary>ImmutableIds (onPremisesImmutableId values) or connector-space DNs.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("OnPremisesImmutableId", "SourceAnchor")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public string?[]? ImmutableId { get; set; }

    /// <summary>The form to return.</summary>
    [Parameter(ParameterSetName = FormatSet)]
    public ImmutableIdFormat Format { get; set; } = ImmutableIdFormat.Guid;

    /// <summary>Return one object with every form, the input, and whether the value is GUID-based.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DetailedSet)]
    public SwitchParameter Detailed { get; set; }

    protected override void ProcessRecord()
    {
        if (Detailed)
        {
            unsafe
            {
                ConvertWithJson<ImmutableIdInfo>(ImmutableId, NativeMethods.DescribeMany);
            }
            return;
        }
        ConvertInBatches(ImmutableId, () =>
        {
            var errors = Batch.FromImmutableIds((uint)Format, out byte[] output, out int width);
            return (errors, i => Render(new ReadOnlySpan<byte>(output, i * width, width)));
        });
    }

    /// <summary>One value as the core rendered it, as the .NET type -Format promises.</summary>
    private object Render(ReadOnlySpan<byte> rendered) => Format switch
    {
        ImmutableIdFormat.Bytes => rendered.ToArray(),
        ImmutableIdFormat.Guid => System.Guid.ParseExact(Encoding.ASCII.GetString(rendered), "D"),
        _ => Encoding.ASCII.GetString(rendered),
    };
}
