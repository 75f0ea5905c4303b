import type { Socket } from "socket.io";

/** The parts of engine.io 6.6's connection this reads (its write buffer is not typed as public). */
interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: { name?: string; socket?: { bufferedAmount?: unknown } };
}

const sizeOf = (data: unknown) =>
  typeof data === "string"
    ? Buffer.byteLength(data)
    : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
      ? data.byteLength
      : 0;

/**
 * Bytes this process holds for a socket that its client has not taken yet:
 * packets in engine.io's write buffer (waiting while the transport is busy,
 * or for the next poll) plus what the WebSocket has queued but the kernel has
 * not accepted (`ws.bufferedAmount`). A client that stops reading makes this
 * grow, whatever it says in its own messages: it is the server's truth for
 * backpressure. (The kernel's socket buffer, bounded by the OS, comes on top.)
 */
export function bufferedBytes(socket: Socket): number {
  const conn = socket.conn as unknown as EngineConnection;
  let bytes = 0;
  for (const packet of conn.writeBuffer ?? []) bytes += sizeOf(packet.data);
  const queued = conn.transport?.name === "websocket" ? conn.transport.socket?.bufferedAmount : 0;
  return bytes + (typeof queued === "number" ? queued : 0);
}
