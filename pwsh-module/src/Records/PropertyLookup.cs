using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;

namespace ImmutableId.Records;

/// <summary>
/// Looks up a plan's names on one record, with the result PowerShell's own lookup
/// (<c>PSObject.Properties[name]</c>, or a dictionary's key ignoring case) gives, at less cost:
/// <list type="bullet">
/// <item>a dictionary is asked for each name, and its keys are walked once for the names it
/// missed (not once per name);</item>
/// <item>a <c>[pscustomobject]</c> (and an <c>Import-Csv</c> row) is asked its own note
/// properties first, as PowerShell does; a name it lacks is looked up PowerShell's way once
/// per plan and list of type names, and only again where the type table gave it something;</item>
/// <item>anything else (a .NET object, whose properties come from an adapter) is wrapped once,
/// not once per name, and asked PowerShell's way.</item>
/// </list>
/// </summary>
internal static class PropertyLookup
{
    /// <summary>What the type table and adapter give a pscustomobject for a name it lacks.</summary>
    private const byte Unknown = 0;
    private const byte Absent = 1;
    private const byte LookUp = 2;

    // PSObject's own members and type names are internal to PowerShell (in 5.1 and 7 alike);
    // without them every record is asked PowerShell's way.
    private static readonly Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>? InstanceMembers = Getter<PSMemberInfoCollection<PSMemberInfo>>("InstanceMembers");
    private static readonly Func<PSObject, Collection<string>>? InternalTypeNames = Getter<Collection<string>>("InternalTypeNames");

    /// <summary>Per thread (a pipeline's), and reset by each cmdlet call: type data added between
    /// calls is seen.</summary>
    [ThreadStatic]
    private static List<OutsideMembers>? t_outside;

    private static Func<PSObject, T>? Getter<T>(string property)
    {
        try
        {
            MethodInfo? getter = typeof(PSObject).GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic)?.GetGetMethod(true);
            return getter is null ? null : (Func<PSObject, T>)Delegate.CreateDelegate(typeof(Func<PSObject, T>), getter, false);
        }
        catch (Exception ex) when (ex is ArgumentException or MemberAccessException or InvalidCastException)
        {
            return null;
        }
    }

    /// <summary>Forgets what was learnt about type names: called as a cmdlet starts.</summary>
    public static void Reset() => t_outside = null;

    /// <summary>Looks up <see cref="RecordPlan.Names"/> on <paramref name="record"/> (not a value):
    /// <paramref name="found"/>[i] says whether name i is there, <paramref name="values"/>[i] holds
    /// its value (null when its getter fails).</summary>
    public static void Read(object record, RecordPlan plan, object?[] values, bool[] found)
    {
        Array.Clear(found, 0, plan.Names.Length);
        Array.Clear(values, 0, plan.Names.Length);
        if (RecordReader.Unwrap(record) is IDictionary dictionary)
        {
            ReadDictionary(dictionary, plan, values, found);
        }
        else if (record is PSObject pso && pso.ImmediateBaseObject is PSCustomObject && InstanceMembers is not null && InternalTypeNames is not null)
        {
            ReadCustomObject(pso, plan, values, found);
        }
        else
        {
            PSObject wrapped = PSObject.AsPSObject(record);
            for (int i = 0; i < plan.Names.Length; i++)
            {
                found[i] = TryRead(wrapped.Properties[plan.Names[i]], out values[i]);
            }
        }
    }

    private static void ReadDictionary(IDictionary dictionary, RecordPlan plan, object?[] values, bool[] found)
    {
        bool missed = false;
        for (int i = 0; i < plan.Names.Length; i++)
        {
            if (dictionary.Contains(plan.Names[i]))
            {
                values[i] = dictionary[plan.Names[i]];
                found[i] = true;
            }
            else
            {
                missed = true;
            }
        }
        if (!missed)
        {
            return;
        }
        // The first key equal ignoring case, in the dictionary's order, for each name missed.
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is string key && plan.ByName.TryGetValue(key, out int[]? positions))
            {
                foreach (int i in positions)
                {
                    if (!found[i])
                    {
                        values[i] = entry.Value;
                        found[i] = true;
                    }
                }
            }
        }
    }

    /// <summary>
    /// PowerShell finds an object's own properties before the type table's and the adapter's:
    /// a name among its notes is read from there, and for a name that is not, what the type
    /// table and adapter give depends only on its type names (a pscustomobject's adapter has no
    /// property), so it is asked once for them.
    /// </summary>
    private static void ReadCustomObject(PSObject pso, RecordPlan plan, object?[] values, bool[] found)
    {
        PSMemberInfoCollection<PSMemberInfo> own = InstanceMembers!(pso);
        byte[]? outside = null;
        for (int i = 0; i < plan.Names.Length; i++)
        {
            string name = plan.Names[i];
            if (own[name] is PSPropertyInfo property)
            {
                found[i] = TryRead(property, out values[i]);
                continue;
            }
            outside ??= Outside(plan, InternalTypeNames!(pso));
            if (outside[i] == Absent)
            {
                continue;
            }
            PSPropertyInfo? other = pso.Properties[name];
            if (outside[i] == Unknown)
            {
                outside[i] = other is null ? Absent : LookUp;
            }
            found[i] = TryRead(other, out values[i]);
        }
    }

    private static bool TryRead(PSPropertyInfo? property, out object? value)
    {
        value = null;
        if (property is null)
        {
            return false;
        }
        try
        {
            value = property.Value;
        }
        catch (GetValueInvocationException)
        {
            // A property whose getter fails holds nothing readable.
        }
        return true;
    }

    /// <summary>What is known, per name of <paramref name="plan"/>, about pscustomobjects with
    /// these type names (most records share one list, often the same instance).</summary>
    private static byte[] Outside(RecordPlan plan, Collection<string> typeNames)
    {
        List<OutsideMembers> known = t_outside ??= new List<OutsideMembers>();
        for (int i = known.Count - 1; i >= 0; i--)
        {
            if (known[i].Plan == plan && known[i].Matches(typeNames))
            {
                return known[i].State;
            }
        }
        if (known.Count >= 64)
        {
            known.Clear();
        }
        var added = new OutsideMembers(plan, typeNames);
        known.Add(added);
        return added.State;
    }

    private sealed class OutsideMembers
    {
        private readonly Collection<string> _instance;
        private readonly string[] _names;

        public OutsideMembers(RecordPlan plan, Collection<string> typeNames)
        {
            Plan = plan;
            _instance = typeNames;
            _names = new string[typeNames.Count];
            typeNames.CopyTo(_names, 0);
            State = new byte[plan.Names.Length];
            for (int i = 0; i < State.Length; i++)
            {
                // PSBase, PSObject, PSTypeNames...: PowerShell makes these members on first use.
                if (plan.Names[i].StartsWith("ps", StringComparison.OrdinalIgnoreCase))
                {
                    State[i] = LookUp;
                }
            }
        }

        public RecordPlan Plan { get; }

        public byte[] State { get; }

        public bool Matches(Collection<string> typeNames)
        {
            if (ReferenceEquals(typeNames, _instance))
            {
                return true;
            }
            if (typeNames.Count != _names.Length)
            {
                return false;
            }
            for (int i = 0; i < _names.Length; i++)
            {
                if (!string.Equals(typeNames[i], _names[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
