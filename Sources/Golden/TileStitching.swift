/// Reassembling a layer's outputs from the outputs of its tiles (the inverse of `LayerTiler.tiles`).
extension LayerTiler {
    /// Places every tile's outputs into the layer outputs, one flat `outC × hout × wout` array per
    /// image. `outputs[t]` are tile `t`'s outputs in tile order
    /// `o = ((k * images + b) * tile.hout + y) * tile.wout + x` (docs/ARCHITECTURE.md, "Tiles"), and
    /// output `o` lands at image `tile.firstImage + b`, kernel `tile.firstKernel + k`, row
    /// `tile.firstRow + y`, column `tile.firstCol + x`.
    ///
    /// Checked: one output list per tile, of the tile's `outputCount` words; every position inside
    /// the layer; no position written twice; every position written. A violation is a `LayerError`
    /// naming the tile (layer `tile <t>`) and the field.
    public static func stitch(_ tiles: [TileProgram], outputs: [[Int32]], outC: Int, hout: Int, wout: Int,
                              images: Int = 1) throws -> [[Int32]] {
        guard outputs.count == tiles.count else {
            throw LayerError(layer: "stitch", field: "outputs", "\(outputs.count) output lists for \(tiles.count) tiles")
        }
        let perImage = outC * hout * wout
        var result = [[Int32]](repeating: [Int32](repeating: 0, count: perImage), count: images)
        var written = [[Bool]](repeating: [Bool](repeating: false, count: perImage), count: images)
        for (t, tile) in tiles.enumerated() {
            let name = "tile \(t)"
            guard outputs[t].count == tile.outputCount else {
                throw LayerError(layer: name, field: "outputs", "\(outputs[t].count) words, the tile has \(tile.outputCount) outputs")
            }
            guard tile.firstKernel >= 0, tile.firstKernel + tile.kernels.count <= outC else {
                throw LayerError(layer: name, field: "firstKernel", "kernels \(tile.firstKernel)..<\(tile.firstKernel + tile.kernels.count) outside 0..<\(outC)")
            }
            guard tile.firstImage >= 0, tile.firstImage + tile.images <= images else {
                throw LayerError(layer: name, field: "firstImage", "images \(tile.firstImage)..<\(tile.firstImage + tile.images) outside 0..<\(images)")
            }
            guard tile.firstRow >= 0, tile.firstRow + tile.hout <= hout else {
                throw LayerError(layer: name, field: "firstRow", "rows \(tile.firstRow)..<\(tile.firstRow + tile.hout) outside 0..<\(hout)")
            }
            guard tile.firstCol >= 0, tile.firstCol + tile.wout <= wout else {
                throw LayerError(layer: name, field: "firstCol", "columns \(tile.firstCol)..<\(tile.firstCol + tile.wout) outside 0..<\(wout)")
            }
            let n = tile.hout * tile.wout
            for (o, v) in outputs[t].enumerated() {
                let k = tile.firstKernel + o / (n * tile.images)
                let b = tile.firstImage + (o / n) % tile.images
                let y = tile.firstRow + (o % n) / tile.wout
                let x = tile.firstCol + o % tile.wout
                let g = (k * hout + y) * wout + x
                guard !written[b][g] else {
                    throw LayerError(layer: name, field: "outputs",
                                     "image \(b) kernel \(k) row \(y) column \(x) already written by an earlier tile")
                }
                written[b][g] = true
                result[b][g] = v
            }
        }
        for b in 0..<images {
            if let g = written[b].firstIndex(of: false) {
                throw LayerError(layer: "stitch", field: "outputs",
                                 "image \(b) kernel \(g / (hout * wout)) row \(g % (hout * wout) / wout) column \(g % wout) written by no tile")
            }
        }
        return result
    }
}
