using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Transform.Maintenance;

/// <summary>
/// Cuts an id-sorted row stream into data files near a target size. Parquet's size is only known after
/// encoding, so rows per file start as an estimate from the input's bytes per row and are corrected by each
/// file written. The first file is encoded again when it missed the target by more than
/// <see cref="Tolerance"/>: many small input files carry more overhead per row than one merged file, so the
/// first guess is reliably off. A tail smaller than <see cref="Tolerance"/> of a file joins the last file
/// instead of standing alone as a new small file.
/// </summary>
internal sealed class TargetSizedFiles
{
    private const double Tolerance = 0.1;

    private readonly long _targetBytes;
    private int _rowsPerFile;
    private TradeRow[] _buffer = [];
    private int _count;

    /// <param name="bytesPerRow">The input's size per row: the starting estimate.</param>
    public TargetSizedFiles(long targetBytes, double bytesPerRow)
    {
        _targetBytes = targetBytes;
        _rowsPerFile = RowsFor(bytesPerRow);
    }

    /// <summary>
    /// Encodes the rows as files and hands each one (its rows and bytes) to <paramref name="emit"/>, in id order.
    /// The rows are a view of the buffer, valid until <paramref name="emit"/> completes: no copy per file.
    /// </summary>
    public async Task WriteAsync(IEnumerable<TradeRow> rows, Func<IReadOnlyList<TradeRow>, byte[], Task> emit, CancellationToken cancellationToken)
    {
        using var source = rows.GetEnumerator();
        var exhausted = false;
        var calibrated = false;
        while (true)
        {
            var slack = Math.Max(1, (int)(_rowsPerFile * Tolerance));
            // Look a little beyond one file, to know whether what is left after it would be a small tail.
            while (!exhausted && _count < _rowsPerFile + slack)
            {
                if (source.MoveNext())
                    Append(source.Current);
                else
                    exhausted = true;
            }
            if (_count == 0)
                return;

            var take = exhausted && _count <= _rowsPerFile + slack ? _count : _rowsPerFile;
            var slice = new ArraySegment<TradeRow>(_buffer, 0, take);
            var content = TradeFileWriter.Write(slice, cancellationToken);
            var corrected = RowsFor((double)content.Length / take);
            var missed = Math.Abs(content.Length - _targetBytes) > _targetBytes * Tolerance;
            // Re-encoding only helps when there are rows to add (file too small) or to hold back (too big).
            if (!calibrated && missed && (corrected < take || _count > take || !exhausted))
            {
                calibrated = true;
                _rowsPerFile = corrected;
                continue;
            }
            calibrated = true;
            await emit(slice, content).ConfigureAwait(false);
            Array.Copy(_buffer, take, _buffer, 0, _count - take);
            _count -= take;
            _rowsPerFile = corrected;
        }
    }

    private int RowsFor(double bytesPerRow) =>
        (int)Math.Clamp(_targetBytes / Math.Max(bytesPerRow, 1e-3), 1, Array.MaxLength / 2);

    private void Append(TradeRow row)
    {
        if (_count == _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(1024, (int)Math.Min(Array.MaxLength, _buffer.Length * 2L)));
        _buffer[_count++] = row;
    }
}
