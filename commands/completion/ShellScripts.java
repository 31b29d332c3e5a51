package commands.completion;

/**
 * The scripts `pool completion bash|zsh|fish` prints. Each calls back `pool __complete -- WORDS...`
 * (the command the user typed: `pool`, `./pool`) and reads Cobra's answer format: candidates one a
 * line, then `:<directive>` (1 error, 2 no space, 4 no file names).
 */
public final class ShellScripts {
    private ShellScripts() {}

    /** Null for a shell without a script. */
    public static String forShell(String shell) {
        return switch (shell) {
            case "bash" -> BASH;
            case "zsh" -> ZSH;
            case "fish" -> FISH;
            default -> null;
        };
    }

    // bash splits words at COMP_WORDBREAKS (= and :): the words are joined back before asking
    // pool, and the part before the word bash replaces is cut off the candidates.
    private static final String BASH = """
            # bash completion for pool (`source <(pool completion bash)`, or save it in
            # /etc/bash_completion.d/pool or ~/.local/share/bash-completion/completions/pool)
            _pool_complete() {
                local -a words=() lines=()
                local i w join=0
                for (( i = 1; i <= COMP_CWORD; i++ )); do
                    w=${COMP_WORDS[i]}
                    if (( ${#words[@]} > 0 )) && [[ $w =~ ^[=:]+$ ]]; then
                        words[${#words[@]}-1]+=$w
                        join=1
                    elif (( join )); then
                        words[${#words[@]}-1]+=$w
                        join=0
                    else
                        words+=("$w")
                    fi
                done
                (( ${#words[@]} == 0 )) && words=("")
                local current=${words[${#words[@]}-1]} replaced=${COMP_WORDS[COMP_CWORD]}
                # right after '=' readline replaces nothing, though COMP_WORDS ends with the '='
                [[ $replaced =~ ^[=:]+$ ]] && replaced=
                local cut=${current%"$replaced"}
                mapfile -t lines < <("${COMP_WORDS[0]}" __complete -- "${words[@]}" 2>/dev/null)
                COMPREPLY=()
                (( ${#lines[@]} == 0 )) && return 0
                local directive=${lines[${#lines[@]}-1]#:}
                unset 'lines[${#lines[@]}-1]'
                [[ $directive =~ ^[0-9]+$ ]] || directive=0
                (( directive & 1 )) && return 0
                local candidate
                for candidate in "${lines[@]}"; do
                    [[ -n $candidate && $candidate == "$current"* ]] && COMPREPLY+=("${candidate#"$cut"}")
                done
                if (( directive & 2 )); then
                    compopt -o nospace 2>/dev/null
                fi
                if (( ${#COMPREPLY[@]} == 0 && !(directive & 4) )); then
                    compopt -o default 2>/dev/null
                fi
                return 0
            }
            complete -F _pool_complete pool ./pool
            """;

    private static final String ZSH = """
            #compdef pool
            # zsh completion for pool (`source <(pool completion zsh)`, or save it as _pool in a folder of $fpath)
            _pool() {
                local -a lines candidates
                local directive
                lines=("${(@f)$(${words[1]} __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
                (( ${#lines} == 0 )) && return 1
                directive=${lines[-1]#:}
                candidates=("${(@)lines[1,-2]}")
                [[ $directive == <-> ]] || directive=0
                (( directive & 1 )) && return 1
                if (( ${#candidates} == 0 )); then
                    (( directive & 4 )) && return 1
                    _files
                    return
                fi
                if (( directive & 2 )); then
                    compadd -Q -S '' -- "${candidates[@]}"
                else
                    compadd -Q -- "${candidates[@]}"
                fi
            }
            if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
                _pool "$@"
            else
                compdef _pool pool ./pool
            fi
            """;

    private static final String FISH = """
            # fish completion for pool (`pool completion fish | source`, or save it in ~/.config/fish/completions/pool.fish)
            function __pool_complete
                set -l tokens (commandline -opc) (commandline -ct)
                set -l program $tokens[1]
                set -e tokens[1]
                set -l lines (command $program __complete -- $tokens 2>/dev/null)
                test (count $lines) -eq 0; and return
                set -l directive (string replace -r '^:' '' -- $lines[-1])
                set -e lines[-1]
                string match -qr '^[0-9]+$' -- $directive; or set directive 0
                test (math "$directive % 2") -eq 1; and return
                if test (count $lines) -eq 0
                    test (math "floor($directive / 4) % 2") -eq 1; and return
                    __fish_complete_path (commandline -ct)
                    return
                end
                printf '%s\\n' $lines
            end
            complete -c pool -f -a '(__pool_complete)'
            """;
}
