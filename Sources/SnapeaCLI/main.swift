import Foundation

let version = "snapea 0.1.0"
let args = Array(CommandLine.arguments.dropFirst())
if args.first == "--version" {
    print(version)
    exit(0)
}
print("""
usage: snapea <command> [options]
  --version   print the version
""")
