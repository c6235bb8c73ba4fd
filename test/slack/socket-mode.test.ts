import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { AppDeps } from '../../adapters/app.js';
import { startSlackSocketMode, stopSlack } from '../../adapters/slack/index.js';
import { loadConfig } from '../../src/config.js';
import { CountingFeedback, capturingLogger, engine, startFakeSlack } from './helpers.js';

describe('Slack Socket Mode against a local fake (no Slack)', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('GIVEN SLACK_APP_TOKEN THEN connects over the WebSocket, acks envelopes and answers a slash command', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanup.push(() => new Promise<void>((r) => wss.close(() => r())));
    await new Promise<void>((r) => wss.once('listening', r));
    const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    const fake = await startFakeSlack({ 'apps.connections.open': { ok: true, url: wsUrl } });
    cleanup.push(() => fake.close());
    const acks: Array<{ envelope_id: string }> = [];
    wss.on('connection', (socket) => {
      socket.on('message', (raw) => acks.push(JSON.parse(String(raw))));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1 }));
      socket.send(
        JSON.stringify({
          envelope_id: 'env-1',
          type: 'slash_commands',
          accepts_response_payload: true,
          payload: {
            token: 't',
            team_id: 'T0001',
            channel_id: 'C0005',
            user_id: 'U0001',
            command: '/movie-for',
            text: 'Danger Zone',
            api_app_id: 'A0001',
            response_url: `${fake.url}/response/sock-1`,
            trigger_id: 'trig-sock',
          },
        }),
      );
    });
    const { logger, lines } = capturingLogger();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-sock-secret',
      SLACK_APP_TOKEN: 'xapp-1-A1-sock-secret',
      SLACK_API_URL: `${fake.url}/api/`,
    });
    const deps: AppDeps = { config, logger, engine, feedback: new CountingFeedback() };
    await startSlackSocketMode(deps);
    cleanup.push(() => stopSlack());
    const open = await fake.waitFor((c) => c.path === '/api/apps.connections.open');
    expect(open.authorization).toBe('Bearer xapp-1-A1-sock-secret');
    const post = await fake.waitFor((c) => c.path === '/api/chat.postMessage');
    expect(post.body.channel).toBe('C0005');
    expect(JSON.stringify(post.body.blocks)).toContain('Danger Zone');
    expect(acks.some((a) => a.envelope_id === 'env-1')).toBe(true);
    expect(lines.join('\n')).not.toMatch(/xoxb-sock-secret|xapp-1-A1-sock-secret/);
  });
});
