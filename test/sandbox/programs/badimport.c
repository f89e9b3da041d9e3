/* Hostile: imports a function no Mobula host provides (as if it asked for a socket). */
__attribute__((import_module("evil"), import_name("open_socket"))) int open_socket(int port);

int main(void) { return open_socket(80); }
