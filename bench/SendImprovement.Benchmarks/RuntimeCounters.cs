using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace SendImprovement.Benchmarks;

/// <summary>
/// The .NET runtime's own counters (the "System.Runtime" event source) of another process, read over its diagnostics
/// port as dotnet-counters does: the managed heap, the memory the collector has committed, thread-pool threads. It can
/// also ask that process for a full, blocking collection, so that the heap measured afterwards is what is still alive.
/// </summary>
public sealed class RuntimeCounters : IDisposable
{
    private readonly DiagnosticsClient _client;
    private readonly EventPipeSession _session;
    private readonly Task _reading;
    private readonly ConcurrentDictionary<string, double> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _totals = new(StringComparer.Ordinal);
    private int _reports;

    private RuntimeCounters(int processId)
    {
        _client = new DiagnosticsClient(processId);
        _session = _client.StartEventPipeSession(
            new EventPipeProvider("System.Runtime", EventLevel.Informational, long.MaxValue,
                new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }),
            requestRundown: false);
        _reading = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(_session.EventStream);
            source.Dynamic.All += Record;
            source.Process();
        });
    }

    public static RuntimeCounters Attach(int processId) => new(processId);

    /// <summary>The latest value of a counter (MB for the memory counters), or null before it has been reported.</summary>
    public double? Latest(string name) => _latest.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Induces a full blocking collection in the process (the runtime's GCHeapCollect keyword, as dotnet-gcdump uses)
    /// and returns the managed heap and committed memory reported after it (MB).
    /// </summary>
    public async Task<(double HeapMb, double CommittedMb)> AfterFullCollectionAsync()
    {
        const long gcHeapCollect = 0x800000;
        var fullCollections = Total("gen-2-gc-count");
        using (_client.StartEventPipeSession(new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, gcHeapCollect), requestRundown: false))
        {
            for (var waited = 0; Total("gen-2-gc-count") <= fullCollections; waited++)
            {
                if (waited == 100)
                {
                    throw new TimeoutException("The app made no full collection within 10 s of being asked for one.");
                }

                await Task.Delay(100);
            }
        }

        // The counters are reported each second: read the heap from a report made wholly after the collection.
        var reports = _reports;
        while (_reports < reports + 2)
        {
            await Task.Delay(100);
        }

        return (Latest("gc-heap-size") ?? double.NaN, Latest("gc-committed") ?? double.NaN);
    }

    private double Total(string name) => _totals.TryGetValue(name, out var total) ? total : 0;

    private void Record(TraceEvent data)
    {
        if (data.EventName != "EventCounters" || data.PayloadValue(0) is not IDictionary<string, object> outer
            || !outer.TryGetValue("Payload", out var inner) || inner is not IDictionary<string, object> payload
            || !payload.TryGetValue("Name", out var named) || named is not string name)
        {
            return;
        }

        if (payload.TryGetValue("Mean", out var value))
        {
            _latest[name] = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        }
        else if (payload.TryGetValue("Increment", out var increment))
        {
            _totals.AddOrUpdate(name, _ => Convert.ToDouble(increment, CultureInfo.InvariantCulture), (_, total) => total + Convert.ToDouble(increment, CultureInfo.InvariantCulture));
        }

        if (name == "gc-heap-size")
        {
            Interlocked.Increment(ref _reports);
        }
    }

    public void Dispose()
    {
        try
        {
            _session.Stop();
            _reading.Wait(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is ServerNotAvailableException or AggregateException or IOException or TimeoutException)
        {
            // The process has gone; nothing more to read.
        }

        _session.Dispose();
    }
}
