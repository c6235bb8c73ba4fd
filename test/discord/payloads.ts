/**
 * Interaction payloads in the shape Discord sends them (API v10), trimmed of nothing the client
 * libraries read: guild member with user, channel, locale, entitlements, context.
 */
let seq = 0;
export const APP_ID = '900000000000000001';
export const GUILD_ID = '700000000000000001';
export const CHANNEL_ID = '710000000000000001';

function snowflake(): string {
  seq++;
  return String(1_300_000_000_000_000_000n + BigInt(seq) * 4_194_304n);
}

export function member(userId = '600000000000000001') {
  return {
    avatar: null,
    banner: null,
    communication_disabled_until: null,
    deaf: false,
    flags: 0,
    joined_at: '2024-03-01T10:00:00.000000+00:00',
    mute: false,
    nick: null,
    pending: false,
    permissions: '2251799813685247',
    premium_since: null,
    roles: [],
    unusual_dm_activity_until: null,
    user: {
      avatar: null,
      avatar_decoration_data: null,
      clan: null,
      discriminator: '0',
      global_name: 'Ada',
      id: userId,
      public_flags: 0,
      username: 'ada',
    },
  };
}

function base(type: number, userId?: string) {
  const id = snowflake();
  return {
    app_permissions: '2248473465835073',
    application_id: APP_ID,
    authorizing_integration_owners: { '0': GUILD_ID },
    channel: {
      flags: 0,
      guild_id: GUILD_ID,
      id: CHANNEL_ID,
      last_message_id: null,
      name: 'general',
      nsfw: false,
      parent_id: null,
      permissions: '2251799813685247',
      position: 0,
      rate_limit_per_user: 0,
      topic: null,
      type: 0,
    },
    channel_id: CHANNEL_ID,
    context: 0,
    entitlement_sku_ids: [],
    entitlements: [],
    guild: { features: [], id: GUILD_ID, locale: 'en-US' },
    guild_id: GUILD_ID,
    guild_locale: 'en-US',
    id,
    locale: 'en-GB',
    member: member(userId),
    token: `aW50ZXJhY3Rpb246${id}OnNlY3JldC1pbnRlcmFjdGlvbi10b2tlbg`,
    type,
    version: 1,
  };
}

export function ping() {
  return {
    application_id: APP_ID,
    id: snowflake(),
    token: 'ping-token',
    type: 1,
    version: 1,
    user: member().user,
  };
}

export type Opt = { name: string; type: number; value: string | number | boolean; focused?: boolean };

export function command(name: string, options: Opt[] = [], userId?: string) {
  return {
    ...base(2, userId),
    data: { id: '910000000000000001', name, options, type: 1 },
  };
}

export function autocomplete(name: string, options: Opt[], userId?: string) {
  return {
    ...base(4, userId),
    data: { id: '910000000000000001', name, options, type: 1, version: '1' },
  };
}

/** A button click on a message the bot sent; `message` is the full message, as Discord sends it. */
export function button(customId: string, userId?: string, message?: object) {
  const b = base(3, userId);
  return {
    ...b,
    data: { component_type: 2, custom_id: customId, id: 1 },
    message: {
      application_id: APP_ID,
      attachments: [],
      author: {
        avatar: null,
        bot: true,
        discriminator: '0',
        global_name: null,
        id: '800000000000000001',
        public_flags: 0,
        username: 'music2movie',
      },
      channel_id: CHANNEL_ID,
      components: [],
      content: '',
      edited_timestamp: null,
      embeds: [],
      flags: 0,
      id: '720000000000000001',
      mention_everyone: false,
      mention_roles: [],
      mentions: [],
      pinned: false,
      timestamp: '2025-01-01T00:00:00.000000+00:00',
      tts: false,
      type: 20,
      ...message,
    },
  };
}

export const str = (name: string, value: string, focused?: boolean): Opt => ({
  name,
  type: 3,
  value,
  focused,
});
export const int = (name: string, value: number): Opt => ({ name, type: 4, value });
export const bool = (name: string, value: boolean): Opt => ({ name, type: 5, value });

/** READY as the gateway sends it (trimmed to what a client reads). */
export function ready(user: object) {
  return {
    v: 10,
    user,
    guilds: [{ id: GUILD_ID, unavailable: true }],
    session_id: 'session',
    resume_gateway_url: 'wss://gateway.invalid',
    shard: [0, 1],
    application: { id: APP_ID, flags: 0 },
  };
}

/** GUILD_CREATE for the test server: with the Guilds intent this is how its channels get cached. */
export function guildCreate() {
  return {
    id: GUILD_ID,
    name: 'Film Club',
    icon: null,
    owner_id: '600000000000000001',
    afk_channel_id: null,
    afk_timeout: 300,
    application_id: null,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    joined_at: '2024-03-01T10:00:00.000000+00:00',
    large: false,
    member_count: 2,
    mfa_level: 0,
    nsfw_level: 0,
    preferred_locale: 'en-US',
    premium_tier: 0,
    system_channel_flags: 0,
    system_channel_id: CHANNEL_ID,
    unavailable: false,
    verification_level: 0,
    roles: [
      {
        id: GUILD_ID,
        name: '@everyone',
        permissions: '1071698660929',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [
      {
        id: CHANNEL_ID,
        type: 0,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        parent_id: null,
        topic: null,
        rate_limit_per_user: 0,
        last_message_id: null,
        flags: 0,
      },
    ],
    members: [],
    emojis: [],
    stickers: [],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
