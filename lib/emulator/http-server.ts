import { createServer, type Server } from "node:http";
import { TwilioEmulator, type EmulatorOptions } from "./emulator";

export interface RunningEmulator {
  emulator: TwilioEmulator;
  server: Server;
  port: number;
  baseUrl: string;
  close(): Promise<void>;
}

/** The emulator on its own port, for `npm run emulator` and for tests. */
export function listenEmulator(options: Partial<EmulatorOptions> & Pick<EmulatorOptions, "accountSid" | "authToken">, port = 0, host = "127.0.0.1"): Promise<RunningEmulator> {
  const emulator = new TwilioEmulator(options);
  const server = createServer((req, res) => {
    void emulator.handle(req, res, new URL(req.url ?? "/", "http://emulator").pathname);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      resolve({
        emulator,
        server,
        port: actualPort,
        baseUrl: `http://${host}:${actualPort}`,
        close: () =>
          new Promise((done) => {
            emulator.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
