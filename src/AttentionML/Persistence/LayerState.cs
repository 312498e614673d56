using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionML.Persistence;

/// <summary>
/// Writes and reads a module's parameters as name, shape and float32 values. Reading first builds the module
/// from its saved options, then requires every saved tensor to match a parameter of that module by name and
/// shape, so a corrupt file can never make it allocate more than the module it describes.
/// </summary>
internal static class LayerState
{
    public static void Write(BinaryWriter writer, nn.Module module)
    {
        var parameters = module.named_parameters().ToList();
        writer.Write(parameters.Count);
        foreach (var (name, parameter) in parameters)
        {
            writer.Write(name);
            writer.Write(parameter.dim());
            foreach (var size in parameter.shape)
                writer.Write(size);

            using var values = parameter.detach().cpu().to(ScalarType.Float32).contiguous();
            writer.Write(MemoryMarshal.AsBytes(values.data<float>().ToArray().AsSpan()));
        }
    }

    public static void Read(BinaryReader reader, nn.Module module, string source)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var count = reader.ReadInt32();
        if (count != parameters.Count)
            throw new InvalidDataException(
                $"{source} is corrupt: it holds {count} parameter tensors, " +
                $"but its settings describe {parameters.Count}.");

        using var noGrad = no_grad();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            if (!parameters.TryGetValue(name, out var parameter))
                throw new InvalidDataException($"{source} is corrupt: it holds an unknown parameter '{name}'.");
            var rank = reader.ReadInt64();
            if (rank != parameter.dim())
                throw new InvalidDataException(
                    $"{source} is corrupt: parameter '{name}' has rank {rank}, not {parameter.dim()}.");
            for (var d = 0; d < rank; d++)
            {
                var size = reader.ReadInt64();
                if (size != parameter.shape[d])
                    throw new InvalidDataException(
                        $"{source} is corrupt: parameter '{name}' has size {size} in dimension {d}, " +
                        $"not {parameter.shape[d]}.");
            }

            var bytes = reader.ReadBytes(checked((int)parameter.numel() * sizeof(float)));
            if (bytes.Length != parameter.numel() * sizeof(float))
                throw new InvalidDataException($"{source} is truncated inside parameter '{name}'.");
            var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            if (values.Any(v => !float.IsFinite(v)))
                throw new InvalidDataException($"{source} is corrupt: parameter '{name}' holds a non-finite value.");

            using var loaded = tensor(values, parameter.shape).to(parameter.dtype, parameter.device);
            parameter.copy_(loaded);
        }
    }
}
