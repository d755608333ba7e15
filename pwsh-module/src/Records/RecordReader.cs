using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using ImmutableId.Native;

namespace ImmutableId.Records;

/// <summary>
/// Reads what PowerShell hands a cmdlet: a value (a string, a [guid], a byte array, a
/// number), or a record whose properties the core's schema names. PSObjects
/// (<c>Get-ADUser</c>, <c>Get-MgUser</c>, <c>Import-Csv</c>) and dictionaries
/// (<c>Invoke-MgGraphRequest</c>, <c>ConvertFrom-Json -AsHashtable</c>) are records alike;
/// property names match ignoring case. Which properties to read, and which wins, is the
/// core's business (<see cref="SchemaInfo"/>).
/// </summary>
internal static class RecordReader
{
    public static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

    /// <summary>True for what is itself a value; anything else is a record.</summary>
    public static bool IsValue(object? input)
    {
        object? value = Unwrap(input);
        return value is null or string or Guid or byte[] or decimal or char || value.GetType().IsPrimitive || value is Enum;
    }

    /// <summary>True for a single byte: what a byte array piped without a comma arrives as.</summary>
    public static bool IsSingleByte(object? input) => Unwrap(input) is byte;

    /// <summary>The items an argument holds: an array's elements, a Graph list response's
    /// <c>value</c> (<c>Invoke-MgGraphRequest</c>), or the argument itself.</summary>
    public static IEnumerable<object?> Items(object? argument)
    {
        IEnumerable? sequence = Unwrap(argument) is IEnumerable s and not string and not byte[] and not IDictionary ? s : GraphList(argument);
        if (sequence is null)
        {
            yield return argument;
            yield break;
        }
        foreach (object? item in sequence)
        {
            yield return item;
        }
    }

    /// <summary>
    /// The items of a Graph list response, <c>@{ value = @(...); '@odata.context' = ... }</c>
    /// as <c>Invoke-MgGraphRequest</c> returns it: a dictionary whose only keys are
    /// <c>value</c>, a list, and <c>@odata.*</c> ones. Null for anything else. (Objects are
    /// not looked into: every piped record would pay for a property lookup.)
    /// </summary>
    private static IEnumerable? GraphList(object? argument)
    {
        if (Unwrap(argument) is not IDictionary dictionary || dictionary.Count > 4)
        {
            return null;
        }
        object? value = null;
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                return null;
            }
            if (string.Equals(key, "value", StringComparison.OrdinalIgnoreCase))
            {
                value = entry.Value;
            }
            else if (!key.StartsWith("@odata.", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }
        return Unwrap(value) is IEnumerable list and not string and not byte[] and not IDictionary ? list : null;
    }

    /// <summary>How many items <see cref="Items"/> gives.</summary>
    public static int CountItems(object? argument)
    {
        int count = 0;
        foreach (object? _ in Items(argument))
        {
            count++;
        }
        return count;
    }

    /// <summary>A record's property, by name, ignoring case. A dotted name that is not a property
    /// itself reads a nested one: Features.BlockSoftMatchEnabled, RoleDefinition.IsPrivileged.</summary>
    public static bool TryGetProperty(object? record, string name, out object? value)
    {
        if (TryGetDirect(record, name, out value))
        {
            return true;
        }
        int dot = name.IndexOf('.');
        return dot > 0 && TryGetDirect(record, name.Substring(0, dot), out object? outer) && outer is not null
            && TryGetProperty(outer, name.Substring(dot + 1), out value);
    }

    private static bool TryGetDirect(object? record, string name, out object? value)
    {
        value = null;
        if (record is null)
        {
            return false;
        }
        if (Unwrap(record) is IDictionary dictionary)
        {
            if (dictionary.Contains(name))
            {
                value = dictionary[name];
                return true;
            }
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = entry.Value;
                    return true;
                }
            }
            return false;
        }
        PSPropertyInfo? property = PSObject.AsPSObject(record).Properties[name];
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
            value = null;
        }
        return true;
    }

    /// <summary>The names of a record's properties, in order (a dictionary's keys as text).</summary>
    public static IEnumerable<string> PropertyNames(object record)
    {
        if (Unwrap(record) is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                yield return entry.Key?.ToString() ?? "";
            }
            yield break;
        }
        foreach (PSPropertyInfo property in PSObject.AsPSObject(record).Properties)
        {
            yield return property.Name;
        }
    }

    /// <summary>
    /// The first property of a record named <paramref name="name"/> ignoring case, as
    /// <see cref="PropertyNames"/> lists them: its own spelling and its value (null when its
    /// getter fails). Unlike <see cref="TryGetProperty"/>, never reads a nested property.
    /// </summary>
    public static bool FindProperty(object record, string name, out string spelled, out object? value)
    {
        if (Unwrap(record) is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                string key = entry.Key?.ToString() ?? "";
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    spelled = key;
                    value = entry.Value;
                    return true;
                }
            }
        }
        else if (PSObject.AsPSObject(record).Properties[name] is PSPropertyInfo property)
        {
            spelled = property.Name;
            try
            {
                value = property.Value;
            }
            catch (GetValueInvocationException)
            {
                value = null;
            }
            return true;
        }
        spelled = "";
        value = null;
        return false;
    }

    /// <summary>The names a record is looked up for, and whether each was found: kept per
    /// thread, so a record costs no allocation.</summary>
    [ThreadStatic]
    private static object?[]? t_values;
    [ThreadStatic]
    private static bool[]? t_found;

    /// <summary>
    /// Adds <paramref name="input"/> to <paramref name="batch"/> as one record of
    /// <paramref name="schema"/>: a value goes in the schema's "itself" field, a record's
    /// properties in the fields that name them, and <paramref name="parameters"/> (by field
    /// name) in its parameter fields. A dotted name that is not a property itself reads a
    /// nested one, as <see cref="TryGetProperty"/> does.
    /// </summary>
    public static void Add(RecordBatch batch, SchemaInfo schema, object? input, IDictionary<string, object?>? parameters = null)
    {
        int record = batch.AddRecord();
        RecordPlan plan = schema.Plan;
        if (IsValue(input))
        {
            if (plan.Itself >= 0)
            {
                batch.Set(record, plan.Itself, input);
            }
        }
        else
        {
            int names = plan.Names.Length;
            // Taken while in use: a property getter (a ScriptProperty) can run a cmdlet of this
            // module on this thread, which then makes its own.
            object?[] values = t_values is { } v && v.Length >= names ? v : new object?[Math.Max(names, 32)];
            bool[] found = t_found is { } f && f.Length >= names ? f : new bool[Math.Max(names, 32)];
            t_values = null;
            t_found = null;
            try
            {
                PropertyLookup.Read(input!, plan, values, found);
                for (int i = 0; i < plan.Fields.Length; i++)
                {
                    if (found[i])
                    {
                        batch.Set(record, plan.Fields[i], values[i]);
                    }
                    else if (plan.Outer[i] is int outer and >= 0 && found[outer] && values[outer] is { } nested
                        && TryGetProperty(nested, plan.Inner[i]!, out object? value))
                    {
                        batch.Set(record, plan.Fields[i], value);
                    }
                }
            }
            finally
            {
                // Nothing kept alive past the record.
                Array.Clear(values, 0, names);
                t_values = values;
                t_found = found;
            }
        }
        if (parameters is not null)
        {
            foreach (SchemaField field in plan.Parameters)
            {
                if (parameters.TryGetValue(field.Name, out object? given))
                {
                    batch.Set(record, field.Passed, given);
                }
            }
        }
    }

    /// <summary>Adds a value (<see cref="IsValue"/>) as one record: <see cref="Add"/> without a
    /// look at the schema's other fields, which a value never fills; <paramref name="itself"/>
    /// is the schema's <see cref="SchemaInfo.Itself"/>.</summary>
    public static void AddValue(RecordBatch batch, int itself, object? value)
    {
        int record = batch.AddRecord();
        if (itself >= 0)
        {
            batch.Set(record, itself, value);
        }
    }

    /// <summary>Adds single bytes that arrived one by one, as the one value they were.</summary>
    public static void AddUnrolledBytes(RecordBatch batch, List<byte> bytes)
    {
        int record = batch.AddRecord();
        batch.SetUnrolledBytes(record, 0, bytes.ToArray());
    }

    /// <summary>The identity fields of the schema (SamAccountName, UserPrincipalName...) the record has.</summary>
    public static object? Identity(object? input, string name) =>
        !IsValue(input) && TryGetProperty(input, name, out object? value) ? Unwrap(value) : null;
}
