// picocli: the command lines of pool, the EPP and the sandbox (parsing, help, completion, exit codes).
//DEPS info.picocli:picocli:4.7.7
