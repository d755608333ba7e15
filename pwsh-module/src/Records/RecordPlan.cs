using System;
using System.Collections.Generic;
using ImmutableId.Native;

namespace ImmutableId.Records;

/// <summary>
/// What a schema reads off a record, worked out once per schema rather than per record: the
/// names to look up (each property field's, then the outer name of each dotted one), which
/// passed field each fills, and the fields a value or a parameter fills instead.
/// </summary>
internal sealed class RecordPlan
{
    public RecordPlan(SchemaInfo schema)
    {
        var names = new List<string>();
        var fields = new List<int>();
        var parameters = new List<SchemaField>();
        foreach (SchemaField field in schema.Fields)
        {
            if (field.Passed < 0)
            {
                continue;
            }
            switch (field.Role)
            {
                case IidRole.Itself:
                    Itself = Itself < 0 ? field.Passed : Itself;
                    break;
                case IidRole.Parameter:
                    parameters.Add(field);
                    break;
                case IidRole.SourceAnchor:
                    // No attribute chosen (SchemaInfo.ForSourceAnchor names it when one is).
                    break;
                default:
                    names.Add(field.Name);
                    fields.Add(field.Passed);
                    break;
            }
        }
        int direct = names.Count;
        Outer = new int[direct];
        Inner = new string?[direct];
        for (int i = 0; i < direct; i++)
        {
            Outer[i] = -1;
            int dot = names[i].IndexOf('.');
            if (dot > 0)
            {
                Inner[i] = names[i].Substring(dot + 1);
                Outer[i] = names.Count;
                names.Add(names[i].Substring(0, dot));
            }
        }
        Names = names.ToArray();
        Fields = fields.ToArray();
        Parameters = parameters.ToArray();
        ByName = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < Names.Length; i++)
        {
            if (ByName.TryGetValue(Names[i], out int[]? known))
            {
                Array.Resize(ref known, known.Length + 1);
                known[known.Length - 1] = i;
                ByName[Names[i]] = known;
            }
            else
            {
                ByName[Names[i]] = new[] { i };
            }
        }
    }

    /// <summary>The names looked up on each record: the property fields' (as many as
    /// <see cref="Fields"/>), then the outer names of the dotted ones.</summary>
    public string[] Names { get; }

    /// <summary>The passed field each of the first names fills.</summary>
    public int[] Fields { get; }

    /// <summary>For each property field, the position in <see cref="Names"/> of the outer name
    /// a dotted name reads when it is not a property itself (Features.BlockSoftMatchEnabled);
    /// -1 for a plain name.</summary>
    public int[] Outer { get; }

    /// <summary>For each dotted property field, the rest of its name, read off the outer value.</summary>
    public string?[] Inner { get; }

    /// <summary>The positions in <see cref="Names"/> of each name, ignoring case: one pass over
    /// a dictionary's keys finds the names its own lookup missed.</summary>
    public Dictionary<string, int[]> ByName { get; }

    /// <summary>The passed field a value given itself goes in; -1 if the schema has none.</summary>
    public int Itself { get; } = -1;

    public SchemaField[] Parameters { get; }
}
