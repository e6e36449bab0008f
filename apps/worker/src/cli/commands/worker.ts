import { runWorkerProcess } from "../../main.ts";
import type { CliCommand } from "../command.ts";

export const workerCommand: CliCommand = {
  name: "worker",
  usage: "worker                      run a worker that processes queued jobs",
  async run() {
    await runWorkerProcess();
    return -1;
  },
};
