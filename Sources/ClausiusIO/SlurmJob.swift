import Foundation

/// The sbatch scripts of a sharded sweep on SLURM (`clausius sweep … --slurm`; docs/cluster.md).
///
/// - `sweep.sbatch`: a job array `--array=1-N`, task K running `clausius sweep … --shard K/N --out DIR`. A task that is
///   killed (time limit, scancel, node failure) is resumed by submitting the script again: finished points are skipped.
/// - `merge.sbatch`: `clausius merge DIR`, submitted with `--dependency=afterok:<array job>` (and
///   `--kill-on-invalid-dep=yes`, so that it is cancelled rather than left pending when a task fails).
/// - `submit.sh`: submits both (what `--slurm` does itself when `sbatch` is on PATH).
public struct SlurmSweepJob: Sendable, Equatable {
  /// Array tasks = shards.
  public var arraySize: Int
  public var time: String?
  public var memory: String?
  public var partition: String?
  public var cpusPerTask: Int
  public var jobName: String
  /// Absolute path of the clausius executable.
  public var executable: String
  /// The `clausius sweep` arguments without `--shard`, `--out` and the cluster options (model path absolute).
  public var sweepArguments: [String]
  /// Absolute output folder: shards in DIR/shards, scripts and logs in DIR/slurm, merged results in DIR.
  public var outputDirectory: String

  /// Checks the values against what sbatch accepts; errors name the option, the value and the allowed form.
  public init(arraySize: Int, time: String?, memory: String?, partition: String?, cpusPerTask: Int, jobName: String,
              executable: String, sweepArguments: [String], outputDirectory: String) throws {
    guard (1...ShardAssignment.maximumCount).contains(arraySize) else {
      throw ShardError("--array-size \(arraySize) must be in 1…\(ShardAssignment.maximumCount)")
    }
    guard (1...1024).contains(cpusPerTask) else { throw ShardError("--cpus-per-task \(cpusPerTask) must be in 1…1024") }
    if let t = time, !Self.isTime(t) {
      throw ShardError("--time '\(t)': expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (sbatch --time), e.g. --time 2:00:00")
    }
    if let m = memory, m.range(of: #"^[0-9]+[KMGT]?$"#, options: .regularExpression) == nil {
      throw ShardError("--mem '\(m)': expected an integer with an optional unit K, M, G or T (sbatch --mem), e.g. --mem 4G")
    }
    if let p = partition, p.range(of: #"^[A-Za-z0-9_.,-]+$"#, options: .regularExpression) == nil {
      throw ShardError("--partition '\(p)': expected a partition name (letters, digits, '_', '.', '-', comma-separated names)")
    }
    guard jobName.range(of: #"^[A-Za-z0-9_.+-]+$"#, options: .regularExpression) != nil else {
      throw ShardError("job name '\(jobName)': use letters, digits, '_', '.', '+' or '-'")
    }
    self.arraySize = arraySize; self.time = time; self.memory = memory; self.partition = partition
    self.cpusPerTask = cpusPerTask; self.jobName = jobName; self.executable = executable
    self.sweepArguments = sweepArguments; self.outputDirectory = outputDirectory
  }

  /// sbatch's time formats (man sbatch, --time).
  public static func isTime(_ t: String) -> Bool {
    t.range(of: #"^([0-9]+|[0-9]+:[0-9]{1,2}|[0-9]+:[0-9]{1,2}:[0-9]{1,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}(:[0-9]{1,2})?)?)$"#,
            options: .regularExpression) != nil
  }

  /// A word quoted for bash (single quotes; a single quote inside as '\'').
  public static func quote(_ s: String) -> String {
    if !s.isEmpty, s.range(of: #"^[A-Za-z0-9_./:=+,@%-]+$"#, options: .regularExpression) != nil { return s }
    return "'" + s.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
  }

  var slurmDirectory: String { outputDirectory + "/slurm" }

  private func directives(name: String, log: String) -> [String] {
    var d = ["--job-name=\(name)", "--output=\(log)", "--open-mode=append", "--cpus-per-task=\(cpusPerTask)"]
    if let time { d.append("--time=\(time)") }
    if let memory { d.append("--mem=\(memory)") }
    if let partition { d.append("--partition=\(partition)") }
    return d.map { "#SBATCH " + Self.quote($0) }
  }

  /// The job-array script: task K computes shard K/N (resuming what is already in its shard file).
  public var arrayScript: String {
    var s = ["#!/bin/bash", "# Clausius sharded sweep: array task K computes shard K/\(arraySize) (docs/cluster.md).",
             "# Resubmit this script after a kill or time limit: finished points are skipped.",
             "#SBATCH --array=1-\(arraySize)"]
    s += directives(name: jobName, log: slurmDirectory + "/shard-%a.log")
    s += ["set -euo pipefail",
          "export CLAUSIUS_BLAS_THREADS=1 OPENBLAS_NUM_THREADS=1",
          "echo \"clausius shard ${SLURM_ARRAY_TASK_ID}/\(arraySize) on $(hostname) (job ${SLURM_JOB_ID}) at $(date -u +%FT%TZ)\"",
          "exec " + ([executable, "sweep"] + sweepArguments + ["--out", outputDirectory]).map(Self.quote).joined(separator: " ")
            + " --shard \"${SLURM_ARRAY_TASK_ID}/\(arraySize)\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\""]
    return s.joined(separator: "\n") + "\n"
  }

  /// The merge job: checks the shards and writes sweep.json/csv, the figures and report.html into the output folder.
  public var mergeScript: String {
    var s = ["#!/bin/bash", "# Clausius: merges the shards of the sweep (docs/cluster.md); submitted with --dependency=afterok:<array job>."]
    s += directives(name: jobName + "-merge", log: slurmDirectory + "/merge.log")
    s += ["set -euo pipefail", "exec " + [executable, "merge", outputDirectory].map(Self.quote).joined(separator: " ")]
    return s.joined(separator: "\n") + "\n"
  }

  /// Submits the array and the merge job depending on it; prints both job ids.
  public var submitScript: String {
    let dir = Self.quote(slurmDirectory)
    return """
      #!/bin/bash
      # Submits the sharded sweep and its merge job (docs/cluster.md). Safe to rerun: finished points are skipped.
      set -euo pipefail
      array=$(sbatch --parsable \(dir)/sweep.sbatch)
      array=${array%%;*}
      merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \(dir)/merge.sbatch)
      merge=${merge%%;*}
      echo "array job $array (\(arraySize) tasks), merge job $merge"

      """
  }
}
