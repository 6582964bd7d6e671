/*
 * virtfx-askpass: the SSH_ASKPASS program of VirtFX. ssh runs it with its prompt as the only
 * argument when it needs a password or a key's passphrase for libvirt's ssh transport; it puts
 * the prompt to the VirtFX process that opened the connection, which asks the person with its
 * own dialog or terminal prompt, and prints the answer for ssh.
 *
 * VirtFX runs it through a link in a private directory (mode 0700) of its own, so the
 * directory of argv[0] holds that process's UNIX socket ("socket") and a one-time token
 * ("token") which VirtFX replaces after every request. libvirt passes ssh only a few
 * environment variables, so the link's place, not the environment, says where to ask.
 * Nothing secret is on a command line or in a file: the answer travels over the socket only.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_REPLY 65536

static int fail(const char *what, const char *why) {
    fprintf(stderr, "virtfx-askpass: %s: %s\n", what, why);
    return 1;
}

static int write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        length -= (size_t) n;
    }
    return 0;
}

int main(int argc, char **argv) {
    char self[PATH_MAX];
    char path[PATH_MAX];
    char token[256];
    static char reply[MAX_REPLY + 1];
    const char *prompt = argc > 1 ? argv[1] : "";

    if (snprintf(self, sizeof self, "%s", argv[0]) >= (int) sizeof self)
        return fail("program path", "too long");
    const char *dir = dirname(self);

    if (snprintf(path, sizeof path, "%s/token", dir) >= (int) sizeof path)
        return fail(dir, "path too long");
    FILE *tokens = fopen(path, "r");
    if (tokens == NULL)
        return fail(path, "no VirtFX process is asking here (run by VirtFX's link only)");
    size_t token_length = fread(token, 1, sizeof token - 1, tokens);
    fclose(tokens);
    token[token_length] = '\0';
    token[strcspn(token, "\n")] = '\0';

    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (snprintf(address.sun_path, sizeof address.sun_path, "%s/socket", dir) >= (int) sizeof address.sun_path)
        return fail(dir, "socket path too long");
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return fail("socket", strerror(errno));
    if (connect(fd, (struct sockaddr *) &address, sizeof address) < 0)
        return fail(address.sun_path, strerror(errno));
    if (write_all(fd, token, strlen(token)) < 0 || write_all(fd, "\n", 1) < 0
            || write_all(fd, prompt, strlen(prompt)) < 0 || shutdown(fd, SHUT_WR) < 0)
        return fail("sending the prompt", strerror(errno));

    size_t length = 0;
    for (;;) {
        ssize_t n = read(fd, reply + length, MAX_REPLY - length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail("reading the answer", strerror(errno));
        if (n == 0 || length + (size_t) n == MAX_REPLY) {
            length += (size_t) (n > 0 ? n : 0);
            break;
        }
        length += (size_t) n;
    }
    close(fd);
    reply[length] = '\0';
    if (strncmp(reply, "OK\n", 3) == 0) {
        /* ssh reads the answer up to the newline. */
        if (write_all(STDOUT_FILENO, reply + 3, length - 3) < 0 || write_all(STDOUT_FILENO, "\n", 1) < 0)
            return fail("writing the answer", strerror(errno));
        memset(reply, 0, sizeof reply);
        return 0;
    }
    return fail("refused", strncmp(reply, "NO\n", 3) == 0 ? reply + 3 : "VirtFX gave no answer");
}
