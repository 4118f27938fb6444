import { describe, expect, it } from 'vitest';
import { parseDefs } from './parse';

/** "kind name@line" for every definition in a snippet. */
function defs(src: string): string[] {
  const out: string[] = [];
  parseDefs(src, 0, src.length, (d) => out.push(`${d.kind} ${src.slice(d.start, d.end)}@${d.line}`));
  return out;
}

describe('parseDefs', () => {
  it('struct, union and enum bodies; enum constants; forward declarations are not definitions', () => {
    expect(
      defs(
        'struct a;\nstruct a {\n\tint x;\n};\nunion u { int i; struct inner { int j; } in; };\nenum e { A, B = (1 << 2), C };\n',
      ),
    ).toEqual([
      'struct a@2',
      'union u@5',
      'struct inner@5',
      'enum e@6',
      'enum-constant A@6',
      'enum-constant B@6',
      'enum-constant C@6',
    ]);
  });

  it('typedefs: plain, struct bodies, function pointers, arrays, attributes, several names', () => {
    expect(
      defs(
        [
          'typedef unsigned long pgdval_t;',
          'typedef struct { int v; } __aligned(8) pgd_t;',
          'typedef struct foo foo_t, *foo_p;',
          'typedef void (*rcu_callback_t)(struct rcu_head *head);',
          'typedef int (handler_fn)(int);',
          'typedef unsigned char uuid_t[16];',
          '__extension__ typedef long long ll_t;',
        ].join('\n'),
      ),
    ).toEqual([
      'typedef pgdval_t@1',
      'typedef pgd_t@2',
      'typedef foo_t@3',
      'typedef foo_p@3',
      'typedef rcu_callback_t@4',
      'typedef handler_fn@5',
      'typedef uuid_t@6',
      'typedef ll_t@7',
    ]);
  });

  it('macros, with continuations and in conditionals; #undef is not a definition', () => {
    expect(
      defs('#define A 1\n#  define B(x) \\\n  (x)\n#ifdef X\n#define C\n#endif\n#undef A\n#define D\n'),
    ).toEqual(['macro A@1', 'macro B@2', 'macro C@5', 'macro D@8']);
  });

  it('functions: static inline definitions (multi-line), prototypes, attributes; macro calls are not functions', () => {
    expect(
      defs(
        [
          'static inline pid_t',
          'task_tgid_nr(struct task_struct *tsk)',
          '{',
          '\treturn tsk->tgid;',
          '}',
          'extern void __noreturn do_task_dead(void) __attribute__((cold));',
          '__printf(1, 2) int printk(const char *fmt, ...);',
          'DECLARE_PER_CPU(int, cpu_number);',
          'static DEFINE_SPINLOCK(lock);',
          'int (*fp)(void);',
          'int x = foo(1);',
          'static __always_inline struct task_struct *get_current(void) { return 0; }',
        ].join('\n'),
      ),
    ).toEqual([
      'function task_tgid_nr@2',
      'prototype do_task_dead@6',
      'prototype printk@7',
      'function get_current@12',
    ]);
  });

  it('comments, strings, chars and continued // comments define nothing', () => {
    expect(
      defs(
        [
          '/* struct in_block { int x; }; */',
          'static const char s[] = "struct in_string { int y; };";',
          "static const char c = '{';",
          '// continued \\',
          'struct in_line_comment { int z; };',
          'struct real { int a; };',
        ].join('\n'),
      ),
    ).toEqual(['struct real@6']);
  });

  it('extern "C" braces and #else branches keep file-level depth', () => {
    expect(
      defs(
        [
          '#ifdef __cplusplus',
          'extern "C" {',
          '#endif',
          'int f(void);',
          '#ifdef A',
          'struct s { int a;',
          '#else',
          'struct s { long a;',
          '#endif',
          '};',
          'int g(void);',
          '#ifdef __cplusplus',
          '}',
          '#endif',
        ].join('\n'),
      ),
    ).toEqual(['prototype f@4', 'struct s@6', 'struct s@8', 'prototype g@11']);
  });

  it('never throws on hostile or truncated input', () => {
    for (const s of [
      '}}}}',
      '{{{{',
      'typedef',
      'enum {',
      '#define',
      '"unterminated',
      "'",
      '/*',
      'struct x {{{ ;;; }}} y',
      '\\',
    ])
      expect(() => defs(s)).not.toThrow();
  });
});
