/**
 * A minimal stand-in for the Pulumi engine's own gRPC service (pulumirpc.Engine), which the engine
 * passes to every provider plugin as its first argument. The Node.js dynamic provider host only
 * checks that the address is given, but provider code that logs through the SDK may call it, so
 * the harness serves one on 127.0.0.1 and records what it receives.
 */
import * as grpc from '@grpc/grpc-js';
import * as engineRpc from '@pulumi/pulumi/proto/engine_grpc_pb';
import * as enginePb from '@pulumi/pulumi/proto/engine_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';

/** One Log call received from a plugin. */
export interface EngineLogEntry {
  /** pulumirpc.LogSeverity: 0 debug, 1 info, 2 warning, 3 error */
  readonly severity: number;
  readonly message: string;
  /** resource the message is about; empty for plugin-wide messages */
  readonly urn: string;
}

/** The fake engine: its address and the log it collected. */
export class FakeEngine {
  /** Log calls received, oldest first. */
  readonly logs: EngineLogEntry[] = [];
  private rootResource = '';
  private readonly server = new grpc.Server();
  private port = 0;

  private constructor() {}

  /** `127.0.0.1:<port>`, to pass to a provider plugin. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the fake engine on 127.0.0.1 and an ephemeral port. */
  static async start(): Promise<FakeEngine> {
    const engine = new FakeEngine();
    const handlers: engineRpc.IEngineServer = {
      log: (call, cb) => {
        const r = call.request;
        engine.logs.push({ severity: r.getSeverity(), message: r.getMessage(), urn: r.getUrn() });
        cb(null, new Empty());
      },
      getRootResource: (_call, cb) =>
        cb(null, new enginePb.GetRootResourceResponse().setUrn(engine.rootResource)),
      setRootResource: (call, cb) => {
        engine.rootResource = call.request.getUrn();
        cb(null, new enginePb.SetRootResourceResponse());
      },
      startDebugging: (_call, cb) => cb(null, new Empty()),
      requirePulumiVersion: (_call, cb) => cb(null, new enginePb.RequirePulumiVersionResponse()),
    };
    engine.server.addService(engineRpc.EngineService, handlers);
    engine.port = await new Promise<number>((resolve, reject) =>
      engine.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(new Error(`fake engine: cannot listen on 127.0.0.1: ${err.message}`)) : resolve(p),
      ),
    );
    return engine;
  }

  /** Stops the server, dropping open calls. */
  close(): void {
    this.server.forceShutdown();
  }
}
