using Camstreamd.Configuration.Reload;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Configuration.Reload;

/// <summary>
/// The inotify watch behind reload-on-edit, on real files in a temporary directory: the ways editors and tools save a
/// file are each seen, and the watcher's thread ends when it is disposed.
/// </summary>
public sealed class ConfigFileWatcherTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new("camstreamd-watch-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WritingTheFileInPlace_IsSeen()
    {
        string file = await CreateAsync("appsettings.json");
        using Changes changes = Watch(file);

        await File.WriteAllTextAsync(file, """{ "Camera": { "Width": 320 } }""");

        await changes.First.WaitAsync(Patience);
    }

    /// <summary>vim, sed -i and most editors write a new file and rename it over the old one.</summary>
    [Fact]
    public async Task RenamingANewFileOverIt_IsSeen()
    {
        string file = await CreateAsync("appsettings.json");
        using Changes changes = Watch(file);

        string saved = _directory.File("appsettings.json.tmp");
        await File.WriteAllTextAsync(saved, """{ "Camera": { "Width": 320 } }""");
        File.Move(saved, file, overwrite: true);

        await changes.First.WaitAsync(Patience);
    }

    /// <summary>
    /// Another file in the directory is not a change. Written first, then the watched one: the first call back must come
    /// after the watched file was written, since the kernel queues the events in order.
    /// </summary>
    [Fact]
    public async Task AnotherFileInTheDirectory_IsNotAChange()
    {
        string file = await CreateAsync("appsettings.json");
        bool watchedWritten = false;
        TaskCompletionSource<bool> first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using ConfigFileWatcher watcher = Start(file, () => first.TrySetResult(Volatile.Read(ref watchedWritten)));

        await File.WriteAllTextAsync(_directory.File("other.json"), "{}");
        await Task.Yield();
        Volatile.Write(ref watchedWritten, true);
        await File.WriteAllTextAsync(file, "{}");

        Assert.True(await first.Task.WaitAsync(Patience), "called back for other.json");
    }

    [Fact]
    public async Task Dispose_EndsTheWatchersThread()
    {
        string file = await CreateAsync("appsettings.json");
        ConfigFileWatcher watcher = Start(file, () => { });
        Assert.True(watcher.IsWatching);
        Assert.Contains("config watch", ThreadNames());

        watcher.Dispose();

        Assert.False(watcher.IsWatching);
    }

    [Fact]
    public void ADirectoryThatCannotBeWatched_IsAFailureWithTheReason_NotAnException()
    {
        string missing = Path.Combine(_directory.Path, "gone", "appsettings.json");

        ConfigFileWatcher? watcher = ConfigFileWatcher.TryStart([missing], () => { }, out string? failure);

        Assert.Null(watcher);
        Assert.Equal($"inotify_add_watch on {Path.GetDirectoryName(missing)}: No such file or directory", failure);
    }

    private static ConfigFileWatcher Start(string file, Action changed)
    {
        ConfigFileWatcher? watcher = ConfigFileWatcher.TryStart([file], changed, out string? failure);
        Assert.True(watcher is not null, failure);
        return watcher;
    }

    /// <summary>The names of this process's threads, from /proc, as top -H shows them.</summary>
    private static List<string> ThreadNames() =>
        [.. Directory.EnumerateDirectories("/proc/self/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'))];

    private async Task<string> CreateAsync(string name)
    {
        string file = _directory.File(name);
        await File.WriteAllTextAsync(file, "{}");
        return file;
    }

    private static Changes Watch(string file)
    {
        TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return new Changes(Start(file, () => first.TrySetResult()), first.Task);
    }

    private sealed record Changes(ConfigFileWatcher Watcher, Task First) : IDisposable
    {
        public void Dispose() => Watcher.Dispose();
    }
}
