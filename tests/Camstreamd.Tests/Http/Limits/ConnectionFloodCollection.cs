namespace Camstreamd.Tests.Http.Limits;

/// <summary>
/// The flood runs alone, not beside the other test classes: 2 000 connections and a busy daemon on a 2-core machine
/// would take from their rate measurements what is the flood's, not theirs.
/// </summary>
[CollectionDefinition(nameof(ConnectionFloodTests), DisableParallelization = true)]
public sealed class ConnectionFloodCollection;
