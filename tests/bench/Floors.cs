// Floors for Bench.ps1: compiled cmdlets that do the least any implementation of a case must
// do, and nothing else, so a target below them is shown to be out of reach in the same run.
// Compiled by Add-Type when Bench starts; never part of the module.

using System;
using System.Collections;
using System.Management.Automation;

namespace ImmutableIdBench
{
    /// <summary>
    /// Writes a new 24-character string for each input, converting nothing: the least a
    /// conversion cmdlet with ConvertTo-ImmutableId's parameter shape does (bind each piped
    /// item, make its result, write it). Piped items arrive one per ProcessRecord; an array
    /// argument is walked in one.
    /// </summary>
    [Cmdlet("Write", "NewStringFloor")]
    public sealed class WriteNewStringFloorCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        public object[] InputObject { get; set; }

        // What each result is copied from: one allocation per result, the string itself.
        private readonly char[] _text = "K81Lh40UykezCZHfZPBb9Q==".ToCharArray();

        protected override void ProcessRecord()
        {
            if (InputObject == null)
            {
                return;
            }
            foreach (object item in InputObject)
            {
                WriteObject(new string(_text));
            }
        }
    }

    /// <summary>
    /// Reads the named properties of every record, through PSObject as the module does (a
    /// dotted name that is not a property reads the outer one), and writes only a count: the
    /// least Compare-ImmutableId must do with objects before any join, because each name is a
    /// property it needs to check the accounts.
    /// </summary>
    [Cmdlet("Read", "RecordPropertyFloor")]
    public sealed class ReadRecordPropertyFloorCommand : PSCmdlet
    {
        [Parameter(Mandatory = true)]
        public object[] Records { get; set; }

        [Parameter(Mandatory = true)]
        public string[] Name { get; set; }

        protected override void EndProcessing()
        {
            long found = 0;
            foreach (object record in Records)
            {
                if (record is IDictionary dictionary)
                {
                    foreach (string name in Name)
                    {
                        if (dictionary.Contains(name)) { found++; }
                    }
                    continue;
                }
                PSObject pso = PSObject.AsPSObject(record);
                foreach (string name in Name)
                {
                    PSPropertyInfo property = pso.Properties[name];
                    int dot = name.IndexOf('.');
                    if (property == null && dot > 0)
                    {
                        property = pso.Properties[name.Substring(0, dot)];
                    }
                    if (property != null && property.Value != null)
                    {
                        found++;
                    }
                }
            }
            WriteObject(found);
        }
    }
}
