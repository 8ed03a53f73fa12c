/// Conditional assignment: assignments in `body` only take effect when `cond` (a `UInt<1>`) is 1.
/// Chain `.elsewhen { }` and `.otherwise { }`. Wires and outputs must be assigned on every
/// path (assign a default before the `when`, or cover every branch); registers keep their value.
@discardableResult
public func when(_ cond: Signal, file: StaticString = #fileID, line: UInt = #line, _ body: () -> Void) -> WhenClause {
    let b = BuilderStack.current
    let loc = SourceLocation(fileID: file, line: line)
    b.stamp(loc)
    let stmt = WhenStmt()
    b.currentBlock.stmts.append(.when(stmt))
    let clause = WhenClause(builder: b, stmt: stmt)
    clause.addBranch(cond, loc, body)
    return clause
}

/// The continuation of a `when`, for `elsewhen` and `otherwise`.
public struct WhenClause {
    let builder: ModuleBuilder
    let stmt: WhenStmt

    func addBranch(_ cond: Signal, _ loc: SourceLocation, _ body: () -> Void) {
        let b = builder
        var c = b.resolve(cond, at: loc)
        if b.nodes[Int(c)].type != .bool {
            b.context.error(loc, "when condition must be UInt<1>, got \(b.nodes[Int(c)].type)")
            c = b.literal(BitVector(width: 1), signed: false, loc: loc)
        }
        let block = Block()
        stmt.branches.append((c, block, loc))
        run(block, branch: stmt.branches.count - 1, body)
    }

    private func run(_ block: Block, branch: Int, _ body: () -> Void) {
        let b = builder
        b.blockStack.append(block)
        b.whenStack.append(WhenFrame(stmt: stmt, branch: branch, pathCondition: nil))
        body()
        b.whenStack.removeLast()
        b.blockStack.removeLast()
    }

    /// Another condition, tried when the previous ones were 0.
    @discardableResult
    public func elsewhen(_ cond: Signal, file: StaticString = #fileID, line: UInt = #line,
                         _ body: () -> Void) -> WhenClause {
        let loc = SourceLocation(fileID: file, line: line)
        builder.stamp(loc)
        if stmt.otherwise != nil {
            builder.context.error(loc, "elsewhen after otherwise")
            return self
        }
        addBranch(cond, loc, body)
        return self
    }

    /// The branch taken when no condition was 1.
    public func otherwise(file: StaticString = #fileID, line: UInt = #line, _ body: () -> Void) {
        let loc = SourceLocation(fileID: file, line: line)
        builder.stamp(loc)
        if stmt.otherwise != nil {
            builder.context.error(loc, "second otherwise for one when")
            return
        }
        let block = Block()
        stmt.otherwise = block
        stmt.otherwiseLoc = loc
        run(block, branch: -1, body)
    }
}
