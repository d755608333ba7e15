// Floors for Bench.ps1: compiled cmdlets that do the least any implementation of a case must
// do, and nothing else, so a target below them is shown to be out of reach in the same run.
// Compiled by Add-Type when Bench starts; never part of the module.

using System;
using System.Collections;
using System.Linq.Expressions;
using System.Management.Automation;
using System.Reflection;

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
    /// <summary>
    /// Takes records as Compare-ImmutableId does (an object[] bound from the pipeline, and an
    /// object[] -Cloud argument) and does nothing with them but count: piped, it costs what
    /// PowerShell's pipeline and parameter binding cost any binary cmdlet of that shape per
    /// record; given as arguments, next to nothing. The difference is the least piping the
    /// records can add to Compare-ImmutableId's time.
    /// </summary>
    [Cmdlet("Receive", "RecordFloor")]
    public sealed class ReceiveRecordFloorCommand : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public object[] OnPremises { get; set; }

        [Parameter]
        [AllowEmptyCollection]
        public object[] Cloud { get; set; }

        private long _count;

        protected override void ProcessRecord()
        {
            _count += OnPremises == null ? 0 : OnPremises.Length;
        }

        protected override void EndProcessing() => WriteObject(_count + (Cloud == null ? 0 : Cloud.Length));
    }

    /// <summary>
    /// Reads every record through the module's own record reader (RecordReader.Add into a
    /// RecordBatch, for the schema named) and nothing else: no core call, no result. Not a
    /// floor but a probe, so that the reading part of Compare-ImmutableId can be timed alone.
    /// The module's types are internal: the loop is compiled once from an expression tree
    /// (which may call them), so each record costs what it costs the cmdlet. Writes the
    /// number of property names it read per record.
    /// </summary>
    [Cmdlet("Read", "RecordWithModuleReader")]
    public sealed class ReadRecordWithModuleReaderCommand : PSCmdlet
    {
        [Parameter(Mandatory = true)]
        public object[] Records { get; set; }

        /// <summary>A member of the module's IidSchema: OnPremisesUser, CloudUser...</summary>
        [Parameter(Mandatory = true)]
        public string Schema { get; set; }

        private static readonly System.Collections.Generic.Dictionary<string, Func<object[], int>> Readers = new System.Collections.Generic.Dictionary<string, Func<object[], int>>();

        protected override void EndProcessing()
        {
            Func<object[], int> read;
            lock (Readers)
            {
                if (!Readers.TryGetValue(Schema, out read))
                {
                    read = Compile(Schema);
                    Readers[Schema] = read;
                }
            }
            WriteObject(read(Records));
        }

        private static Func<object[], int> Compile(string schemaName)
        {
            Assembly module = null;
            foreach (Assembly a in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (a.GetName().Name == "ImmutableId") { module = a; }
            }
            if (module == null) { throw new InvalidOperationException("Import the ImmutableId module first."); }
            const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
            Type schemaEnum = module.GetType("ImmutableId.Native.IidSchema", true);
            Type coreLibrary = module.GetType("ImmutableId.Native.CoreLibrary", true);
            Type batchType = module.GetType("ImmutableId.Native.RecordBatch", true);
            Type readerType = module.GetType("ImmutableId.Records.RecordReader", true);
            coreLibrary.GetMethod("EnsureLoaded", Any).Invoke(null, null);
            object schema = coreLibrary.GetMethod("Schema", Any).Invoke(null, new[] { Enum.Parse(schemaEnum, schemaName) });
            int passed = (int)schema.GetType().GetProperty("PassedCount", Any).GetValue(schema);
            int names = 0;
            foreach (object field in (IEnumerable)schema.GetType().GetProperty("Fields", Any).GetValue(schema))
            {
                string role = field.GetType().GetProperty("Role", Any).GetValue(field).ToString();
                if ((int)field.GetType().GetProperty("Passed", Any).GetValue(field) >= 0 && role != "Itself" && role != "Parameter" && role != "SourceAnchor")
                {
                    names++;
                }
            }
            // int Read(object[] records) { var batch = new RecordBatch(passed); foreach (record) { RecordReader.Add(batch, schema, record, null); if (batch.IsFull) batch.Clear(); } return names; }
            ParameterExpression records = Expression.Parameter(typeof(object[]), "records");
            ParameterExpression batch = Expression.Variable(batchType, "batch");
            ParameterExpression i = Expression.Variable(typeof(int), "i");
            LabelTarget done = Expression.Label("done");
            MethodInfo add = readerType.GetMethod("Add", Any);
            Expression body = Expression.Block(new[] { batch, i },
                Expression.Assign(batch, Expression.New(batchType.GetConstructor(new[] { typeof(int) }), Expression.Constant(passed))),
                Expression.Assign(i, Expression.Constant(0)),
                Expression.Loop(Expression.IfThenElse(
                    Expression.LessThan(i, Expression.ArrayLength(records)),
                    Expression.Block(
                        Expression.Call(add, batch, Expression.Constant(schema, schema.GetType()), Expression.ArrayIndex(records, i),
                            Expression.Constant(null, add.GetParameters()[3].ParameterType)),
                        Expression.IfThen(Expression.Property(batch, "IsFull"), Expression.Call(batch, batchType.GetMethod("Clear", Any))),
                        Expression.PostIncrementAssign(i)),
                    Expression.Break(done)), done),
                Expression.Constant(names));
            return Expression.Lambda<Func<object[], int>>(body, records).Compile();
        }
    }
}
