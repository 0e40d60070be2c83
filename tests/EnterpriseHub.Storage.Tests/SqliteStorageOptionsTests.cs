using EnterpriseHub.Runtime.Storage;
using EnterpriseHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EnterpriseHub.Storage.Tests;

public sealed class SqliteStorageOptionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Defaults_are_the_named_constants_and_valid()
    {
        var options = new SqliteStorageOptions();

        Assert.Equal("ehub.db", options.DataSource);
        Assert.Equal(SqliteSynchronousMode.Normal, options.Synchronous);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
        Assert.Equal(512, options.MaxBatchSize);
        Assert.Equal(4, options.ReadConnections);
        Assert.True(new SqliteStorageOptionsValidator().Validate("Default", options).Succeeded);
    }

    [Theory]
    [InlineData("", 512, 4, 1000, "DataSource must name a database file")]
    [InlineData(":memory:", 512, 4, 1000, "DataSource must be a file path")]
    [InlineData("file:ehub.db?mode=memory", 512, 4, 1000, "DataSource must be a file path")]
    [InlineData("ehub.db", 0, 4, 1000, "MaxBatchSize must be between 1 and 65536, not 0")]
    [InlineData("ehub.db", 512, 0, 1000, "ReadConnections must be between 1 and 256, not 0")]
    [InlineData("ehub.db", 512, 4, -1, "BusyTimeout must be between 0")]
    public void The_validator_names_the_offending_option(string dataSource, int maxBatchSize, int readConnections, int busyMilliseconds, string expected)
    {
        var options = new SqliteStorageOptions
        {
            DataSource = dataSource,
            MaxBatchSize = maxBatchSize,
            ReadConnections = readConnections,
            BusyTimeout = TimeSpan.FromMilliseconds(busyMilliseconds),
        };

        var result = new SqliteStorageOptionsValidator().Validate("orders", options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("SQLite grain storage 'orders': ", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_constructor_rejects_invalid_options()
    {
        Assert.Throws<OptionsValidationException>(() => new SqliteGrainStorage(new SqliteStorageOptions { MaxBatchSize = 0 }));
    }

    [Fact]
    public async Task AddSqliteGrainStorage_registers_a_keyed_singleton_per_name_with_its_own_file()
    {
        var services = new ServiceCollection();
        services.AddSqliteGrainStorage(GrainStorageNames.Default, options => options.DataSource = _directory.File("data/ehub.db"));
        services.AddSqliteGrainStorage("archive", options => options.DataSource = _directory.File("archive.db"));
        await using var provider = services.BuildServiceProvider();

        var main = Assert.IsType<SqliteGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
        var archive = Assert.IsType<SqliteGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("archive"));

        Assert.Same(main, provider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
        Assert.Equal(_directory.File("data/ehub.db"), main.DataSource);
        Assert.Equal(_directory.File("archive.db"), archive.DataSource);
        Assert.True(File.Exists(_directory.File("data/ehub.db")));
    }

    [Fact]
    public async Task AddSqliteGrainStorage_fails_resolution_on_invalid_options()
    {
        var services = new ServiceCollection();
        services.AddSqliteGrainStorage("broken", options => options.DataSource = ":memory:");
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IGrainStorage>("broken"));

        Assert.Contains("SQLite grain storage 'broken': DataSource must be a file path", ex.Message, StringComparison.Ordinal);
    }
}
