/// What the load port writes (`ld_target`), documented in docs/ACCELERATOR.md ("Load port").
public enum LoadTarget: Int, Sendable, CaseIterable {
    /// Input buffer bank 0, address = word.
    case inputBank0 = 0
    /// Input buffer bank 1, address = word.
    case inputBank1 = 1
    /// Weight buffer, address = op.
    case weight = 2
    /// Index buffer (op offsets), address = op.
    case offset = 3
    /// Kernel table: op-list start address, address = kernel.
    case kernelStart = 4
    /// Kernel table: op-list length `L`.
    case kernelLength = 5
    /// Kernel table: `checkFrom` `C` (ignored without PAUs).
    case kernelCheckFrom = 6
    /// Kernel table: speculation count `N` (ignored without PAUs).
    case kernelSpecN = 7
    /// Kernel table: threshold `Th` (ignored without PAUs).
    case kernelThreshold = 8
    /// Kernel table: bias.
    case kernelBias = 9
    /// Work list: kernel index of entry `addr`.
    case workKernel = 10
    /// Work list: input base of entry `addr`.
    case workBase = 11
    /// Control registers, see `ControlRegister`.
    case control = 12
}

/// Control registers (load target `control`, address = register).
public enum ControlRegister: Int, Sendable, CaseIterable {
    /// bit 0: sign check enable, bit 1: threshold (predict) enable. Ignored without PAUs.
    case mode = 0
    /// Requantiser shift `s`.
    case shift = 1
    /// Work-list length of this PE.
    case workLength = 2
    /// Input bank the lanes read (0 or 1); the load port may fill the other bank meanwhile.
    case bank = 3
}
